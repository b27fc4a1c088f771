//! The Content-Security-Policy Flotilla sends, so that markup which slips past escaping cannot
//! run: scripts only from this site or with the page's nonce (Leptos puts it on the hydration
//! scripts it writes), no plugins, no `<base>`, no framing.

/// The policy of a page whose inline scripts carry `nonce`. WebAssembly needs
/// `'wasm-unsafe-eval'` to be compiled; chips and the timeline place themselves with `style`
/// attributes, which cannot run code, so those alone are allowed inline.
pub fn for_page(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The policy of every other answer (server functions, files, errors): nothing may run.
pub const FOR_OTHER_ANSWERS: &str =
    "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Sets the page's policy on the response being rendered.
pub fn send_for_page(nonce: &str) {
    use leptos::prelude::use_context;
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&for_page(nonce)),
    ) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_policy_names_its_nonce_and_forbids_the_rest() {
        let policy = for_page("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval';"));
        for directive in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{directive}");
        }
        let scripts = policy
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"));
    }
}
