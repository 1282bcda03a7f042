//! The participant page's autosave batching, read from the page itself
//! (static-site/js/journal.js) so the load test and the cost model follow
//! whatever the page does: send when `BATCH_ANSWERS` answers wait, or when
//! the oldest has waited `MAX_UNSENT_MS`, after a `DEBOUNCE_MS` pause.

use std::time::Duration;

const JOURNAL: &str = include_str!("../../static-site/js/journal.js");

#[derive(Debug, Clone, Copy)]
pub struct PagePolicy {
    pub batch_answers: usize,
    pub max_unsent: Duration,
    pub debounce: Duration,
}

fn constant(name: &str) -> Option<u64> {
    JOURNAL.lines().find_map(|line| {
        line.trim().strip_prefix(&format!("const {name} = "))?.trim_end_matches(';').trim().parse().ok()
    })
}

impl PagePolicy {
    pub fn of_the_page() -> Self {
        let debounce = Duration::from_millis(constant("DEBOUNCE_MS").expect("DEBOUNCE_MS in journal.js"));
        match (constant("BATCH_ANSWERS"), constant("MAX_UNSENT_MS")) {
            (Some(batch), Some(wait)) => {
                Self { batch_answers: batch as usize, max_unsent: Duration::from_millis(wait), debounce }
            }
            // A page without batching sends every answer after the debounce.
            _ => Self { batch_answers: 1, max_unsent: debounce, debounce },
        }
    }

    pub fn describe(&self) -> String {
        format!("{} answers or {} s", self.batch_answers, self.max_unsent.as_secs())
    }

    /// Answers per autosave for `questions` answered one every `pace`; what
    /// is left at the end goes with the submission.
    pub fn batches(&self, questions: usize, pace: Duration) -> Vec<usize> {
        let mut batches = Vec::new();
        let (mut pending, mut oldest) = (0usize, None::<Duration>);
        for answer in 1..=questions as u32 {
            let now = pace * answer;
            if oldest.is_some_and(|t| t + self.max_unsent <= now) {
                batches.push(std::mem::take(&mut pending));
                oldest = None;
            }
            pending += 1;
            oldest.get_or_insert(now);
            if pending >= self.batch_answers {
                batches.push(std::mem::take(&mut pending));
                oldest = None;
            }
        }
        batches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_batches_answers() {
        let policy = PagePolicy::of_the_page();
        assert!(policy.batch_answers > 1, "journal.js batches answers");
        let fast = policy.batches(20, Duration::from_secs(1));
        assert!(fast.iter().all(|&n| n == policy.batch_answers));
        let slow = policy.batches(20, policy.max_unsent * 2);
        assert!(slow.iter().all(|&n| n == 1), "a slow participant's answers go one by one");
    }
}
