pub mod health;
pub mod leaderboard;
pub mod openapi;
pub mod organizations;
pub mod winners;
