//! The embedded bus: a broadcast channel inside one process. Consumer groups degrade to plain
//! subscriptions because a single process is the only member.

use super::{BusError, Delivery, Event, EventBus};
use futures::StreamExt;
use futures::stream::BoxStream;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;

/// Enough headroom that a briefly busy subscriber does not miss events.
const CAPACITY: usize = 8192;

#[derive(Clone)]
pub struct InProcessBus {
    sender: broadcast::Sender<Event>,
}

impl Default for InProcessBus {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self { sender }
    }
}

impl InProcessBus {
    fn stream(&self) -> BoxStream<'static, Event> {
        BroadcastStream::new(self.sender.subscribe())
            .filter_map(|item| async move {
                match item {
                    Ok(event) => Some(event),
                    Err(err) => {
                        tracing::warn!(error = %err, "in-process bus subscriber lagged");
                        None
                    }
                }
            })
            .boxed()
    }
}

#[async_trait::async_trait]
impl EventBus for InProcessBus {
    async fn publish(&self, event: &Event) -> Result<(), BusError> {
        // No receivers is not an error: nobody was listening.
        let _ = self.sender.send(event.clone());
        Ok(())
    }

    fn subscribe(&self) -> BoxStream<'static, Event> {
        self.stream()
    }

    fn local_subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    async fn consume(
        &self,
        _group: &str,
        _consumer: &str,
    ) -> Result<BoxStream<'static, Delivery>, BusError> {
        Ok(self
            .stream()
            .map(|event| Delivery {
                event,
                receipt: String::new(),
            })
            .boxed())
    }

    async fn ack(&self, _group: &str, _delivery: &Delivery) -> Result<(), BusError> {
        Ok(())
    }
}
