//! Who is calling, as established from a verified token by the HTTP layer.

use contest_domain::{ContestId, ParticipantId};

use crate::Error;

/// A participant, with the contest their token was issued for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: ParticipantId,
    pub contest_id: ContestId,
}

impl Participant {
    /// A token is only good for the contest it was issued for.
    pub fn require_contest(&self, cid: &ContestId) -> Result<(), Error> {
        if &self.contest_id == cid {
            Ok(())
        } else {
            Err(Error::Unauthenticated)
        }
    }
}

/// An organizer of the deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organizer {
    pub username: String,
}
