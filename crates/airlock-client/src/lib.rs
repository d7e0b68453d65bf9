//! The agent side of the protocol: an HTTP client for enroll, check-in (with long-poll), bundle
//! download (size-capped while streaming), event batches (gzip), AUP acknowledgments and access
//! requests. It depends on the protocol types (`airlock-wire`) only; turning a policy decision
//! into an event lives in `airlock-inspect::events`. The agent runtime and the tests share it.

use airlock_wire::{
    paths, AccessRequest, AccessRequestList, AupAck, AupAckResponse, BundleRef, CheckinRequest,
    CheckinResponse, EnrollRequest, EnrollResponse, ErrorBody, EventBatch, EventBatchResponse,
    Machine,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// The largest bundle file accepted (a bundle is far smaller; this stops endless downloads).
pub const MAX_BUNDLE_BYTES: usize = 4 * 1024 * 1024;

/// A failed exchange.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error.
    #[error("server answered {status}: {} ({})", body.message, body.error)]
    Server {
        /// HTTP status.
        status: u16,
        /// The error body.
        body: ErrorBody,
    },
    /// The request did not complete (connection, TLS, timeout, truncated body).
    #[error("could not reach the server: {0}")]
    Transport(String),
    /// The answer was not what the protocol says.
    #[error("the server's answer is malformed: {0}")]
    Decode(String),
    /// The client is not enrolled yet.
    #[error("not enrolled: call enroll first")]
    NotEnrolled,
    /// A bundle larger than [`MAX_BUNDLE_BYTES`].
    #[error("the bundle is larger than {MAX_BUNDLE_BYTES} bytes")]
    TooLarge,
    /// The configuration is unusable.
    #[error("client configuration: {0}")]
    Config(String),
}

impl ClientError {
    /// The server's error code, if the server answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Server { body, .. } => Some(&body.error),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Server { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Client options.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Trust only this CA (PEM) instead of the system's roots.
    pub ca_pem: Option<Vec<u8>>,
    /// Per-request timeout (long-polls add their wait to it).
    pub timeout: Duration,
    /// Compress event batches.
    pub gzip: bool,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            ca_pem: None,
            timeout: Duration::from_secs(30),
            gzip: true,
        }
    }
}

/// A client of one server, holding the device token once enrolled.
#[derive(Clone)]
pub struct AgentClient {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    opts: ClientOptions,
}

fn transport(e: reqwest::Error) -> ClientError {
    // reqwest errors name the URL, never the body.
    ClientError::Transport(e.to_string())
}

impl AgentClient {
    /// A client of `base_url` (`https://host:port`; `http://` only for loopback servers).
    pub fn new(base_url: &str, opts: ClientOptions) -> Result<AgentClient, ClientError> {
        let base = base_url.trim_end_matches('/').to_string();
        let host_is_loopback = base.strip_prefix("http://").map(|rest| {
            let host = rest.split(['/', ':']).next().unwrap_or("");
            host == "localhost"
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
                || rest.starts_with("[::1]")
        });
        match host_is_loopback {
            Some(false) => {
                return Err(ClientError::Config(format!(
                    "{base} is plain HTTP to a non-loopback host: use https://"
                )))
            }
            Some(true) => {}
            None if base.starts_with("https://") => {}
            None => return Err(ClientError::Config(format!("{base} is not an http(s) URL"))),
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut b = reqwest::Client::builder()
            .timeout(opts.timeout)
            .connect_timeout(Duration::from_secs(10))
            // A redirect could send the token elsewhere: the protocol never redirects.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("airlock-agent/", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = &opts.ca_pem {
            let cert = reqwest::Certificate::from_pem(pem)
                .map_err(|e| ClientError::Config(format!("CA certificate: {e}")))?;
            b = b.tls_certs_only([cert]);
        }
        let http = b.build().map_err(|e| ClientError::Config(e.to_string()))?;
        Ok(AgentClient {
            http,
            base,
            token: None,
            opts,
        })
    }

    /// The same client with a known device token.
    pub fn with_token(mut self, token: impl Into<String>) -> AgentClient {
        self.token = Some(token.into());
        self
    }

    /// The device token, once enrolled.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    async fn answer<T: DeserializeOwned>(res: reqwest::Response) -> Result<T, ClientError> {
        let status = res.status();
        let bytes = res.bytes().await.map_err(transport)?;
        if !status.is_success() {
            let body = serde_json::from_slice::<ErrorBody>(&bytes).unwrap_or_else(|_| ErrorBody {
                error: "http".into(),
                message: format!("HTTP {status} without an error body"),
                retry_after_s: None,
            });
            return Err(ClientError::Server {
                status: status.as_u16(),
                body,
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()))
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, ClientError> {
        let t = self.token.as_ref().ok_or(ClientError::NotEnrolled)?;
        Ok(rb.bearer_auth(t))
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        auth: bool,
        gzip: bool,
        extra_wait: Duration,
    ) -> Result<T, ClientError> {
        let json = serde_json::to_vec(body).map_err(|e| ClientError::Decode(e.to_string()))?;
        let mut rb = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .timeout(self.opts.timeout + extra_wait);
        if gzip {
            use std::io::Write as _;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            let zipped = enc
                .write_all(&json)
                .and_then(|_| enc.finish())
                .map_err(|e| ClientError::Decode(e.to_string()))?;
            rb = rb.header("content-encoding", "gzip").body(zipped);
        } else {
            rb = rb.body(json);
        }
        if auth {
            rb = self.auth(rb)?;
        }
        Self::answer(rb.send().await.map_err(transport)?).await
    }

    /// Enrolls with a secret; keeps the device token.
    pub async fn enroll(
        &mut self,
        secret: &str,
        machine: Machine,
        agent_version: &str,
    ) -> Result<EnrollResponse, ClientError> {
        let req = EnrollRequest {
            enroll_secret: secret.to_string(),
            machine,
            agent_version: agent_version.to_string(),
        };
        let r: EnrollResponse = self
            .post(paths::ENROLL, &req, false, false, Duration::ZERO)
            .await?;
        self.token = Some(r.device_token.clone());
        Ok(r)
    }

    /// Checks in; with `wait_s` the server may hold the answer until a newer bundle exists.
    pub async fn checkin(&self, req: &CheckinRequest) -> Result<CheckinResponse, ClientError> {
        self.post(
            paths::CHECKIN,
            req,
            true,
            false,
            Duration::from_secs(req.wait_s),
        )
        .await
    }

    /// Downloads a bundle file, refusing more than [`MAX_BUNDLE_BYTES`].
    pub async fn fetch_bundle(&self, r: &BundleRef) -> Result<Vec<u8>, ClientError> {
        if !r.path.starts_with(paths::BUNDLES) || r.path.contains("..") {
            return Err(ClientError::Decode(format!(
                "unexpected bundle path {}",
                r.path
            )));
        }
        let mut res = self
            .auth(self.http.get(format!("{}{}", self.base, r.path)))?
            .send()
            .await
            .map_err(transport)?;
        if !res.status().is_success() {
            return Self::answer::<()>(res).await.map(|_| Vec::new());
        }
        let mut out = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(transport)? {
            if out.len() + chunk.len() > MAX_BUNDLE_BYTES {
                return Err(ClientError::TooLarge);
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Uploads a batch of events.
    pub async fn upload(&self, batch: &EventBatch) -> Result<EventBatchResponse, ClientError> {
        self.post(paths::EVENTS, batch, true, self.opts.gzip, Duration::ZERO)
            .await
    }

    /// Sends an AUP acknowledgment.
    pub async fn ack_aup(&self, ack: &AupAck) -> Result<AupAckResponse, ClientError> {
        self.post(paths::AUP_ACKS, ack, true, false, Duration::ZERO)
            .await
    }

    /// Files an access request.
    pub async fn request_access(&self, req: &AccessRequest) -> Result<AupAckResponse, ClientError> {
        self.post(paths::ACCESS_REQUESTS, req, true, false, Duration::ZERO)
            .await
    }

    /// The device's access requests.
    pub async fn access_requests(&self) -> Result<AccessRequestList, ClientError> {
        let res = self
            .auth(
                self.http
                    .get(format!("{}{}", self.base, paths::ACCESS_REQUESTS)),
            )?
            .send()
            .await
            .map_err(transport)?;
        Self::answer(res).await
    }
}

/// A fresh request id (UUID v4).
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Unix seconds now (0 if the clock is before 1970).
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
