//! The staff endpoints' bearer token (`SOGLASIE_ADMIN_TOKEN`).
//!
//! With no token configured those endpoints answer 403: exports are patients' data, and a
//! server that was started without thinking about them should not serve them.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::routes::AppState;

/// Shorter tokens are refused at start: the token guards every receipt.
pub const MIN_TOKEN_LEN: usize = 16;

/// The configured token, kept as its SHA-256: comparing two digests of equal length in
/// constant time tells an attacker nothing about the token, not even its length.
#[derive(Clone)]
pub struct StaffToken([u8; 32]);

impl StaffToken {
    pub fn new(token: &str) -> Result<StaffToken, String> {
        if token.chars().count() < MIN_TOKEN_LEN {
            return Err(format!(
                "SOGLASIE_ADMIN_TOKEN must be at least {MIN_TOKEN_LEN} characters (e.g. openssl rand -base64 32)"
            ));
        }
        Ok(StaffToken(Sha256::digest(token.as_bytes()).into()))
    }

    fn matches(&self, presented: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        self.0.ct_eq(&presented).into()
    }
}

/// Proof that the request carried the staff token; a handler that takes it is staff-only.
pub struct Staff;

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, ApiError> {
        let Some(token) = &state.staff_token else {
            return Err(ApiError::forbidden(
                "staff endpoints are off: start the server with SOGLASIE_ADMIN_TOKEN set",
            ));
        };
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        match presented {
            Some(presented) if token.matches(presented.trim()) => Ok(Staff),
            _ => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "staff endpoint: send Authorization: Bearer <SOGLASIE_ADMIN_TOKEN>",
            )),
        }
    }
}
