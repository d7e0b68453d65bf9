//! The admin console: web pages served by the server (sign-in, dashboard, incidents, tool
//! register, policy, AUP, endpoints, access requests, enrollment secrets).

use crate::state::Shared;
use axum::Router;

/// The console's routes.
pub fn router() -> Router<Shared> {
    Router::new()
}
