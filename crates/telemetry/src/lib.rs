//! Where every binary's spans and log lines go, set up once per process by the router and the
//! subgraphs alike (neither may depend on the other's crates: the router never builds the ORM).
//!
//! Log lines are text or, with `LOG_FORMAT=json`, one JSON object each, filtered by `RUST_LOG`
//! (default `info`). When `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`
//! is set, the spans (not the log lines) at `info` and above are exported too, over OTLP/HTTP
//! protobuf, as `OTEL_SERVICE_NAME` or the binary's own name. Unset, no exporter, batch thread
//! or OpenTelemetry layer exists, and [`propagation`] leaves headers as they came.
//!
//! The exporter runs in a batch processor on a thread of its own with its own Tokio runtime:
//! the router's workers are single-threaded runtimes that must not wait on an export, and the
//! HTTP client needs a runtime wherever it runs. [`Telemetry`] flushes and stops it when
//! dropped, so a binary keeps the value `init` returns until it exits.

pub mod propagation;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::runtime::TokioCurrentThread;
use opentelemetry_sdk::trace::span_processor_with_async_runtime::BatchSpanProcessor;
use opentelemetry_sdk::trace::{BatchConfigBuilder, SdkTracerProvider};
use settings::LogFormat;
use std::time::Duration;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

pub const OTEL_EXPORTER_OTLP_ENDPOINT: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";
pub const OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: &str = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
pub const OTEL_SERVICE_NAME: &str = "OTEL_SERVICE_NAME";
pub const OTEL_EXPORTER_OTLP_PROTOCOL: &str = "OTEL_EXPORTER_OTLP_PROTOCOL";
pub const OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: &str = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
/// The one OTLP protocol exported: protobuf over HTTP (a collector's port 4318).
const HTTP_PROTOBUF: &str = "http/protobuf";

/// Where spans are exported and as which service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The full URL spans are posted to (`…/v1/traces`).
    pub endpoint: String,
    /// The `service.name` resource attribute.
    pub service_name: String,
    /// How long spans wait to be sent in a batch; `None`: `OTEL_BSP_SCHEDULE_DELAY`, else 5 s.
    pub schedule_delay: Option<Duration>,
}

impl Export {
    /// The export the environment asks for, if any: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as
    /// it is, else `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces` appended; the service is
    /// `OTEL_SERVICE_NAME`, else `service`. Empty variables count as unset. A protocol other
    /// than `http/protobuf` in `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` or
    /// `OTEL_EXPORTER_OTLP_PROTOCOL` is an error naming the variable: spans sent as protobuf
    /// to a gRPC port would be lost without a word.
    pub fn from_env(service: &str) -> Result<Option<Self>, String> {
        Self::from_vars(service, |name| std::env::var(name).ok())
    }

    fn from_vars(
        service: &str,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, String> {
        let set = |name: &str| {
            var(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let Some(endpoint) = set(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).or_else(|| {
            set(OTEL_EXPORTER_OTLP_ENDPOINT)
                .map(|base| format!("{}/v1/traces", base.trim_end_matches('/')))
        }) else {
            return Ok(None);
        };
        let protocol = [
            OTEL_EXPORTER_OTLP_TRACES_PROTOCOL,
            OTEL_EXPORTER_OTLP_PROTOCOL,
        ]
        .into_iter()
        .find_map(|name| set(name).map(|value| (name, value)));
        if let Some((name, protocol)) = protocol
            && protocol != HTTP_PROTOBUF
        {
            return Err(format!(
                "{name}={protocol} is not supported: spans are exported as {HTTP_PROTOBUF} \
                 (a collector's OTLP/HTTP port, usually 4318)"
            ));
        }
        Ok(Some(Self {
            endpoint,
            service_name: set(OTEL_SERVICE_NAME).unwrap_or_else(|| service.to_owned()),
            schedule_delay: None,
        }))
    }
}

/// The tracer provider exporting to `export`, its batches sent from their own thread. The
/// batch limits not set here follow the SDK's `OTEL_BSP_*` variables.
pub fn tracer_provider(export: &Export) -> Result<SdkTracerProvider, String> {
    let exporter = SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(export.endpoint.clone())
        .build()
        .map_err(|err| format!("OTLP exporter: {err}"))?;
    let mut batch = BatchConfigBuilder::default();
    if let Some(delay) = export.schedule_delay {
        batch = batch.with_scheduled_delay(delay);
    }
    let processor = BatchSpanProcessor::builder(exporter, TokioCurrentThread)
        .with_batch_config(batch.build())
        .build();
    let resource = Resource::builder()
        .with_service_name(export.service_name.clone())
        .build();
    Ok(SdkTracerProvider::builder()
        .with_span_processor(processor)
        .with_resource(resource)
        .build())
}

/// The installed setup; dropping it flushes the spans not yet sent and stops the export.
#[must_use = "dropping it stops the trace export"]
#[derive(Default)]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Whether spans are exported.
    pub fn exporting(&self) -> bool {
        self.provider.is_some()
    }

    /// Sends every ended span now and waits for the collector's answer. Blocks the calling
    /// thread (never the exporter's), so call it off an async runtime's only thread.
    pub fn force_flush(&self) {
        if let Some(provider) = &self.provider
            && let Err(err) = provider.force_flush()
        {
            eprintln!("trace export: flush failed: {err}");
        }
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        // Shutting down exports what is still queued first.
        if let Some(provider) = self.provider.take() {
            let _ = provider.shutdown();
        }
    }
}

/// How a binary's logs and spans are set up.
pub struct Setup {
    format: LogFormat,
    targets: bool,
    /// Where spans go, or why the environment's export settings cannot be followed.
    export: Result<Option<Export>, String>,
}

impl Setup {
    /// `LOG_FORMAT`, and the export [`Export::from_env`] reads for the binary named `service`
    /// (`iworkz-router`, `iworkz-users`, …).
    pub fn from_env(service: &str) -> Self {
        Self {
            format: LogFormat::from_env(),
            targets: true,
            export: Export::from_env(service),
        }
    }

    /// Log lines without the module path of the code that wrote them.
    pub fn without_targets(mut self) -> Self {
        self.targets = false;
        self
    }

    /// Exports to `export` instead of what the environment says (`None`: no export).
    pub fn with_export(mut self, export: Option<Export>) -> Self {
        self.export = Ok(export);
        self
    }

    /// Installs the global subscriber. When one is already installed (tests, the one-process
    /// stack) nothing changes and nothing is exported by this call.
    pub fn init(self) -> Telemetry {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
        // Colours only for a terminal: a log file or collector gets plain text, not escape codes.
        let logs = tracing_subscriber::fmt::layer()
            .with_target(self.targets)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
        let logs = match self.format {
            LogFormat::Text => logs.with_filter(filter).boxed(),
            LogFormat::Json => logs.json().with_filter(filter).boxed(),
        };
        let mut layers: Vec<Box<dyn Layer<Registry> + Send + Sync>> = vec![logs];
        let export = self
            .export
            .and_then(|export| export.map(|e| tracer_provider(&e)).transpose());
        let provider = match export {
            Ok(provider) => provider,
            Err(err) => {
                eprintln!("trace export is off: {err}");
                None
            }
        };
        if let Some(provider) = &provider {
            let spans = tracing_opentelemetry::layer()
                .with_tracer(provider.tracer("iworkz"))
                .with_tracked_inactivity(false)
                .with_threads(false)
                .with_filter(filter_fn(|metadata| {
                    metadata.is_span() && *metadata.level() <= tracing::Level::INFO
                }));
            layers.push(spans.boxed());
        }
        if tracing_subscriber::registry()
            .with(layers)
            .try_init()
            .is_err()
        {
            if let Some(provider) = provider {
                let _ = provider.shutdown();
            }
            return Telemetry::default();
        }
        if provider.is_some() {
            propagation::exporting_from_now_on();
        }
        Telemetry { provider }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<Option<Export>, String> {
        Export::from_vars("iworkz-test", |name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    fn export_of(vars: &[(&str, &str)]) -> Option<Export> {
        read(vars).expect("export settings")
    }

    #[test]
    fn only_the_http_protobuf_protocol_is_accepted() {
        let endpoint = (OTEL_EXPORTER_OTLP_ENDPOINT, "http://collector:4318");
        let grpc = read(&[endpoint, (OTEL_EXPORTER_OTLP_PROTOCOL, "grpc")]).unwrap_err();
        assert!(
            grpc.starts_with("OTEL_EXPORTER_OTLP_PROTOCOL=grpc"),
            "{grpc}"
        );
        let json = read(&[
            endpoint,
            (OTEL_EXPORTER_OTLP_PROTOCOL, "http/protobuf"),
            (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, "http/json"),
        ])
        .unwrap_err();
        assert!(
            json.starts_with("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"),
            "{json}"
        );
        assert!(export_of(&[endpoint, (OTEL_EXPORTER_OTLP_PROTOCOL, "http/protobuf")]).is_some());
        // Without an endpoint nothing is exported, whatever the protocol.
        assert_eq!(export_of(&[(OTEL_EXPORTER_OTLP_PROTOCOL, "grpc")]), None);
    }

    #[test]
    fn nothing_is_exported_without_an_endpoint() {
        assert_eq!(export_of(&[]), None);
        assert_eq!(export_of(&[(OTEL_EXPORTER_OTLP_ENDPOINT, " ")]), None);
        assert_eq!(export_of(&[(OTEL_SERVICE_NAME, "api")]), None);
    }

    #[test]
    fn the_endpoint_and_service_follow_the_otel_variables() {
        let export = export_of(&[(OTEL_EXPORTER_OTLP_ENDPOINT, "http://localhost:4318/")])
            .expect("an export");
        assert_eq!(export.endpoint, "http://localhost:4318/v1/traces");
        assert_eq!(export.service_name, "iworkz-test");
        let export = export_of(&[
            (OTEL_EXPORTER_OTLP_ENDPOINT, "http://ignored:4318"),
            (
                OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
                "http://collector:4318/traces",
            ),
            (OTEL_SERVICE_NAME, "graph-edge"),
        ])
        .expect("an export");
        assert_eq!(export.endpoint, "http://collector:4318/traces");
        assert_eq!(export.service_name, "graph-edge");
    }
}
