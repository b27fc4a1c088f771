//! Every request's way in: the outermost service. It answers kept calendar listings itself
//! (see `listings`), hands everything else to the application's layers and routes, and sets the
//! security headers on every answer.
//!
//! It is a plain service rather than layers because the calendar asks for listings on every
//! view change, and each layer a request passes through costs moving the request and response
//! and cloning the layer's service: together more than answering a kept listing.

use crate::listings::{self, KeptListings};
use axum::BoxError;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{self, HeaderMap, HeaderName, HeaderValue, header};
use axum::response::Response;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::{Layer, Service};

const SECURITY_HEADERS: [(HeaderName, HeaderValue); 3] = [
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
];

/// Sets the security headers; pages bring their own Content-Security-Policy (with the nonce of
/// their scripts), every other answer gets one that lets nothing run.
fn secure(headers: &mut HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, value);
    }
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(app::csp::FOR_OTHER_ANSWERS));
}

#[derive(Clone)]
pub struct FrontDoorLayer(pub KeptListings);

impl<S> Layer<S> for FrontDoorLayer {
    type Service = FrontDoor<S>;

    fn layer(&self, inner: S) -> FrontDoor<S> {
        FrontDoor {
            inner,
            kept: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct FrontDoor<S> {
    inner: S,
    kept: KeptListings,
}

impl<S, B> Service<Request> for FrontDoor<S>
where
    S: Service<Request, Response = http::Response<B>, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone that was made ready is the one to call (tower's contract).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let kept = self.kept.clone();
        Box::pin(async move {
            let mut res = match listings::answer(&kept, req).await {
                Ok(res) => res,
                Err(req) => inner.call(req).await?.map(Body::new),
            };
            secure(res.headers_mut());
            Ok(res)
        })
    }
}
