//! A TCP proxy between the API and the store that can stall or cut the
//! traffic on command, to see what participants get when DynamoDB misbehaves.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Traffic flows.
    None = 0,
    /// Bytes are held back: the store looks hung.
    Stall = 1,
    /// Connections are closed as soon as anything moves.
    Drop = 2,
}

#[derive(Clone)]
pub struct FaultProxy {
    pub address: SocketAddr,
    mode: Arc<AtomicU8>,
}

impl FaultProxy {
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let address = listener.local_addr().expect("proxy address");
        let mode = Arc::new(AtomicU8::new(Fault::None as u8));
        let accept_mode = mode.clone();
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let mode = accept_mode.clone();
                tokio::spawn(async move {
                    if mode.load(Ordering::SeqCst) == Fault::Drop as u8 {
                        return;
                    }
                    let Ok(outbound) = TcpStream::connect(target).await else { return };
                    let (client_read, client_write) = inbound.into_split();
                    let (server_read, server_write) = outbound.into_split();
                    let up = tokio::spawn(pump(client_read, server_write, mode.clone()));
                    pump(server_read, client_write, mode).await;
                    up.abort();
                });
            }
        });
        Self { address, mode }
    }

    pub fn set(&self, fault: Fault) {
        self.mode.store(fault as u8, Ordering::SeqCst);
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }
}

/// Copies one direction, obeying the fault mode at every chunk, so that
/// pooled keep-alive connections are affected too, not only new ones.
async fn pump(mut from: tokio::net::tcp::OwnedReadHalf, mut to: tokio::net::tcp::OwnedWriteHalf, mode: Arc<AtomicU8>) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        loop {
            match mode.load(Ordering::SeqCst) {
                m if m == Fault::Drop as u8 => return,
                m if m == Fault::Stall as u8 => tokio::time::sleep(Duration::from_millis(20)).await,
                _ => break,
            }
        }
        if to.write_all(&buffer[..read]).await.is_err() {
            return;
        }
    }
}
