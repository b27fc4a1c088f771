//! Calendar listings already kept (see `app::api::listing_cache`) are answered here, at the
//! front door (see `front_door`), ahead of the other layers and Leptos' server-function
//! dispatch. The hydrated calendar asks for its listing on every view change, and once the
//! listing is written, passing the request through the layers, creating the reactive owner and
//! filling the contexts cost more than the answer itself. The answer is the same bytes the
//! server function would send, after the same checks (same site, signed in); everything else
//! (a listing not kept, a signed-out or cross-site caller, a plain form post) goes on to the
//! rest of the application.
//! Browsers take compressed answers, and compressing a quarter's listing on the fly costs far
//! more than sending it, so a kept listing is compressed once per coding and kept with it:
//! quickly for the first caller, then densely in the background for everyone after.

use crate::auth::{AuthState, is_cross_site};
use app::api::calendar::{CalendarListing, Coding, LoadCalendar};
use app::api::listing_cache::{ListingCache, ListingKey};
use app::api::support::is_plain_form_post;
use app::error::AppError;
use app::store::SharedStore;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{FromReq, PostUrl};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A listing request is a few dozen bytes; one whose filter is small enough to be kept stays
/// far below this. Larger bodies go to the server function unread.
const MAX_BODY: usize = 16 * 1024;

/// A listing asked for this often is likely to be asked for again: worth its dense compression.
const DENSIFY_AFTER: u32 = 3;

#[derive(Clone)]
pub struct KeptListings {
    pub store: SharedStore,
    pub cache: ListingCache,
    pub auth: AuthState,
    pub densifier: Densifier,
}

/// Makes dense compressions one at a time, on a blocking thread: under a stream of writes every
/// listing is new, and making each one's densest at once would take the server's cores.
#[derive(Clone, Default)]
pub struct Densifier(Arc<AtomicBool>);

/// The densifier's turn, given back when dropped (a panic included).
struct Turn(Arc<AtomicBool>);

impl Drop for Turn {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl Densifier {
    /// Starts the dense compression of `listing` in `coding` if it is wanted and no other is
    /// being made; otherwise a later request tries again.
    fn consider(&self, listing: &CalendarListing, coding: Coding) {
        let kept = listing.kept(coding);
        if !kept.wants_densifying(DENSIFY_AFTER) || self.0.swap(true, Ordering::Acquire) {
            return;
        }
        let turn = Turn(self.0.clone());
        if !kept.claim_densifying() {
            return;
        }
        let listing = listing.clone();
        tokio::task::spawn_blocking(move || {
            let dense = compress(coding, listing.json().get().as_bytes(), Effort::Dense);
            listing.kept(coding).replace(dense);
            drop(turn);
        });
    }
}

/// The answer to `req` if it asks for a kept listing; otherwise `req`, untouched, for the rest
/// of the application (which also answers a cross-site or signed-out call as it should).
pub async fn answer(kept: &KeptListings, req: Request) -> Result<Response, Request> {
    if !may_answer(&req) || !matches!(kept.auth.signed_in(req.headers()).await, Ok(Some(_))) {
        return Err(req);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Ok((
            StatusCode::BAD_REQUEST,
            "The request body could not be read in full.",
        )
            .into_response());
    };
    match kept_listing(kept, bytes.clone()).await {
        Some(listing) => {
            let coding = preferred_coding(&parts.headers);
            Ok(json_response(&listing, coding, &kept.densifier))
        }
        None => Err(Request::from_parts(parts, Body::from(bytes))),
    }
}

/// A same-site `load_calendar` from script, with a body of a known, small length.
fn may_answer(req: &Request) -> bool {
    let headers = req.headers();
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|length| length <= MAX_BODY);
    req.method() == Method::POST
        && req.uri().path() == <LoadCalendar as ServerFn>::PATH
        && small
        // Plain form posts expect a redirect, which the server function's handler makes.
        && !is_plain_form_post(headers)
        && !is_cross_site(req.method(), req.uri().path(), headers)
}

/// The kept listing for the arguments in `body`, read with the server function's own decoder.
async fn kept_listing(kept: &KeptListings, body: Bytes) -> Option<CalendarListing> {
    let args = <LoadCalendar as FromReq<PostUrl, Request, AppError>>::from_req(Request::new(
        Body::from(body),
    ))
    .await
    .ok()?;
    // An anchor out of range goes on to the server function, which refuses it.
    let anchor = app::domain::dates::in_range(args.anchor)?;
    let key = ListingKey::today(args.view, anchor, args.filter);
    kept.cache.get(&key, kept.store.data_version())
}

/// The listing's JSON in `coding`. The body borrows the kept bytes rather than copying them.
fn json_response(
    listing: &CalendarListing,
    coding: Option<Coding>,
    densifier: &Densifier,
) -> Response {
    let json = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let Some(coding) = coding else {
        let body = Bytes::from_owner(Json(listing.json().clone()));
        return ([json], Body::from(body)).into_response();
    };
    let name = match coding {
        Coding::Brotli => "br",
        Coding::Gzip => "gzip",
    };
    let headers = [
        json,
        (header::CONTENT_ENCODING, HeaderValue::from_static(name)),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    let kept = listing.kept(coding);
    let bytes = kept.get_or_compress(listing.json().get().as_bytes(), |json| {
        compress(coding, json, Effort::Quick)
    });
    densifier.consider(listing, coding);
    (headers, Body::from(Bytes::from_owner(bytes))).into_response()
}

struct Json(Arc<serde_json::value::RawValue>);

impl AsRef<[u8]> for Json {
    fn as_ref(&self) -> &[u8] {
        self.0.get().as_bytes()
    }
}

/// Brotli if the caller takes it, else gzip, else none. A kept listing is compressed once, so
/// the densest coding wins; zstd, which the compression layer uses for what it compresses on
/// every request, is faster to make but larger.
fn preferred_coding(headers: &HeaderMap) -> Option<Coding> {
    let accepted: Vec<&str> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim();
            // "q=0" means "not this one".
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(name)
        })
        .collect();
    let takes = |coding: &str| accepted.iter().any(|a| a.eq_ignore_ascii_case(coding));
    if takes("br") {
        Some(Coding::Brotli)
    } else if takes("gzip") {
        Some(Coding::Gzip)
    } else {
        None
    }
}

#[derive(Clone, Copy)]
enum Effort {
    /// While the first caller waits: about a millisecond for a quarter at 10,000 releases.
    Quick,
    /// Off the request path: brotli's densest takes about 130 ms for that quarter and makes it
    /// 15 % smaller, sent to every later caller until the data changes.
    Dense,
}

fn compress(coding: Coding, json: &[u8], effort: Effort) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() / 4);
    match coding {
        Coding::Brotli => {
            let quality = match effort {
                Effort::Quick => 6,
                Effort::Dense => 11,
            };
            // A window larger than the listing gains nothing and costs memory: the densest
            // quality allocates several times the window.
            let window = (usize::BITS - json.len().leading_zeros()).clamp(16, 22);
            let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, window);
            // Writing into a Vec cannot fail.
            let _ = writer.write_all(json);
        }
        Coding::Gzip => {
            let level = match effort {
                Effort::Quick => flate2::Compression::default(),
                Effort::Dense => flate2::Compression::best(),
            };
            let mut writer = flate2::write::GzEncoder::new(&mut out, level);
            let _ = writer.write_all(json);
            let _ = writer.finish();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coding(accept: &str) -> Option<Coding> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        preferred_coding(&headers)
    }

    #[test]
    fn brotli_is_preferred_then_gzip() {
        assert_eq!(coding("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(coding("gzip, deflate"), Some(Coding::Gzip));
        assert_eq!(coding("GZIP"), Some(Coding::Gzip));
        assert_eq!(coding("identity"), None);
        assert_eq!(preferred_coding(&HeaderMap::new()), None);
    }

    async fn body_of(res: Response) -> Vec<u8> {
        axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    #[tokio::test]
    async fn a_kept_listing_is_sent_in_each_coding_as_its_json() {
        let data = app::api::CalendarData {
            span: app::domain::calendar::DateSpan {
                from: "2026-10-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
            },
            today: "2026-11-29".parse().unwrap(),
            teams: vec![],
            releases: vec![],
        };
        let listing = CalendarListing::new(data).unwrap();
        let json = listing.json().get().as_bytes().to_vec();
        let densifier = Densifier::default();
        assert_eq!(
            body_of(json_response(&listing, None, &densifier)).await,
            json
        );

        let res = json_response(&listing, Some(Coding::Brotli), &densifier);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(res.headers()[header::VARY], "accept-encoding");
        let mut decoded = vec![];
        brotli::BrotliDecompress(&mut &body_of(res).await[..], &mut decoded).unwrap();
        assert_eq!(decoded, json);

        let res = json_response(&listing, Some(Coding::Gzip), &densifier);
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
        let mut decoded = vec![];
        let body = body_of(res).await;
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut decoded)
            .unwrap();
        assert_eq!(decoded, json);
    }

    #[tokio::test]
    async fn a_denser_compression_replaces_the_quick_one() {
        let teams = (1..=200)
            .map(|id| app::domain::Team {
                id: app::domain::TeamId(id),
                name: format!("Team {} of the {} group", id * 7919 % 1000, id % 13),
                colour: app::domain::Colour::parse(&format!("#{:06x}", id * 40_503 % 0xffffff))
                    .unwrap(),
            })
            .collect();
        let data = app::api::CalendarData {
            span: app::domain::calendar::DateSpan {
                from: "2026-10-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
            },
            today: "2026-11-29".parse().unwrap(),
            teams,
            releases: vec![],
        };
        let listing = CalendarListing::new(data).unwrap();
        let json = listing.json().get().as_bytes().to_vec();
        let densifier = Densifier::default();
        let quick = body_of(json_response(&listing, Some(Coding::Brotli), &densifier)).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let again = body_of(json_response(&listing, Some(Coding::Brotli), &densifier)).await;
        assert_eq!(again, quick, "a listing asked for twice is not made dense");
        let mut dense = quick.clone();
        // Unoptimised test builds take seconds for brotli's densest.
        for _ in 0..300 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            dense = body_of(json_response(&listing, Some(Coding::Brotli), &densifier)).await;
            if dense != quick {
                break;
            }
        }
        assert!(
            dense.len() < quick.len(),
            "{} then {}",
            quick.len(),
            dense.len()
        );
        let mut decoded = vec![];
        brotli::BrotliDecompress(&mut &dense[..], &mut decoded).unwrap();
        assert_eq!(decoded, json);
    }

    #[test]
    fn a_refused_coding_is_not_used() {
        assert_eq!(coding("br;q=0, gzip;q=0.5"), Some(Coding::Gzip));
        assert_eq!(coding("br; q=0.0, gzip;q=0"), None);
        assert_eq!(coding("br;q=0.1"), Some(Coding::Brotli));
    }
}
