//! Small behaviours shared by forms.

/// Submits the form an event's target belongs to, as if its submit button were pressed (so
/// the form's own submit handling, such as the router's, applies). For filters whose choice
/// applies at once.
pub fn submit_own_form(ev: &leptos::ev::Event) {
    use wasm_bindgen::JsCast;
    let form = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("form").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        let _ = form.request_submit();
    }
}
