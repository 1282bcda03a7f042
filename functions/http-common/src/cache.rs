//! Per-container caches. A warm Lambda container serves a contest's
//! definition and question bank from memory, so starting an attempt costs
//! one DynamoDB transaction, not three requests.

use contest_domain::ContestId;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub struct TtlCache<V> {
    ttl: Duration,
    entries: RwLock<HashMap<ContestId, (Instant, Arc<V>)>>,
}

impl<V> TtlCache<V> {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, entries: RwLock::new(HashMap::new()) }
    }

    /// Returns the cached value, or loads it. `None` from the loader (an
    /// unknown contest) is not cached, so a typo cannot hide a later load.
    pub async fn get_or_load<E, F, Fut>(&self, key: &ContestId, load: F) -> Result<Option<Arc<V>>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<V>, E>>,
    {
        if let Some((loaded_at, value)) = self.entries.read().expect("cache lock").get(key) {
            if loaded_at.elapsed() < self.ttl {
                return Ok(Some(value.clone()));
            }
        }
        let Some(value) = load().await? else { return Ok(None) };
        let value = Arc::new(value);
        self.entries.write().expect("cache lock").insert(key.clone(), (Instant::now(), value.clone()));
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loads_once_within_ttl_and_never_caches_misses() {
        let cache = TtlCache::new(Duration::from_secs(60));
        let key = ContestId::parse("c").unwrap();
        let mut loads = 0;
        for _ in 0..3 {
            let value = cache
                .get_or_load(&key, || {
                    loads += 1;
                    async { Ok::<_, ()>(Some(7)) }
                })
                .await
                .unwrap();
            assert_eq!(value.as_deref(), Some(&7));
        }
        assert_eq!(loads, 1);
        let missing = ContestId::parse("missing").unwrap();
        let mut misses = 0;
        for _ in 0..2 {
            let value = cache.get_or_load(&missing, || { misses += 1; async { Ok::<Option<i32>, ()>(None) } }).await.unwrap();
            assert!(value.is_none());
        }
        assert_eq!(misses, 2);
    }

    #[tokio::test]
    async fn expired_entries_reload() {
        let cache = TtlCache::new(Duration::ZERO);
        let key = ContestId::parse("c").unwrap();
        let mut loads = 0;
        for _ in 0..2 {
            cache.get_or_load(&key, || { loads += 1; async { Ok::<_, ()>(Some(1)) } }).await.unwrap();
        }
        assert_eq!(loads, 2);
    }
}
