//! Realtime under load, over real sockets: a thousand subscribers of one
//! collection each hear a write once, and a subscriber that stops reading is
//! dropped while the others keep receiving (the hub's buffer is bounded).

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const ADMIN: &str = "admin-static-token";

/// A mock with realtime on and a `notes` collection, on a free port.
async fn server() -> String {
    let config = mock_server::Config {
        websockets_enabled: true,
        // Setting up a thousand sockets can take longer than a heartbeat period on a
        // busy machine; its pings (and the closes of sockets that do not answer them)
        // are not what these tests are about.
        websockets_heartbeat_enabled: false,
        secret: Some("realtime-test-secret-at-least-32-chars".into()),
        ..mock_server::Config::default()
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(mock_server::run(listener, config, std::future::pending()));
    let base = format!("http://{addr}");
    let created = reqwest::Client::new()
        .post(format!("{base}/collections"))
        .bearer_auth(ADMIN)
        .json(&json!({"collection": "notes", "schema": {}, "fields": [
            {"field": "id", "type": "integer", "schema": {"is_primary_key": true, "has_auto_increment": true}},
            {"field": "text", "type": "text"}
        ]}))
        .send()
        .await
        .expect("create the collection");
    assert!(created.status().is_success(), "{}", created.status());
    base
}

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(20), socket.next())
            .await
            .expect("a message within 20 s")
            .expect("the socket is open")
            .expect("a frame");
        if let Message::Text(t) = frame {
            return serde_json::from_str(&t).expect("JSON");
        }
    }
}

/// An authenticated socket subscribed to `notes` with `fields`, its `init` read.
async fn subscriber(base: &str, fields: &str) -> Socket {
    let url = format!("{}/websocket", base.replacen("http", "ws", 1));
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("connect");
    let auth = json!({"type": "auth", "access_token": ADMIN}).to_string();
    socket.send(Message::text(auth)).await.expect("send auth");
    assert_eq!(next_json(&mut socket).await, json!({"type": "auth", "status": "ok"}));
    let sub = json!({"type": "subscribe", "collection": "notes", "query": {"fields": [fields]}});
    socket.send(Message::text(sub.to_string())).await.expect("send subscribe");
    assert_eq!(next_json(&mut socket).await["event"], "init");
    socket
}

async fn post(base: &str, path: &str, body: Value) {
    let resp = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .bearer_auth(ADMIN)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_subscribers_each_hear_a_create_once() {
    let base = server().await;
    let mut sockets = Vec::new();
    for _ in 0..1000 {
        sockets.push(subscriber(&base, "id").await);
    }
    post(&base, "/items/notes", json!({"text": "to everyone"})).await;
    let heard = futures::future::join_all(sockets.iter_mut().map(next_json)).await;
    for message in &heard {
        assert_eq!(
            message,
            &json!({"type": "subscription", "event": "create", "data": [{"id": 1}]})
        );
    }
    assert_eq!(heard.len(), 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_subscriber_is_dropped_and_the_others_keep_hearing() {
    let base = server().await;
    let mut slow = subscriber(&base, "*").await;
    let mut fast = subscriber(&base, "*").await;
    // 120 MiB of update events of 96 KiB each: more than the kernel's socket
    // buffers hold, so the slow connection's sends stall and it is dropped.
    post(&base, "/items/notes", json!({"text": "first"})).await;
    let text = "x".repeat(96 * 1024);
    let writes = 1280;
    let reader = tokio::spawn(async move {
        let mut n = 0;
        while n < writes {
            let m = next_json(&mut fast).await;
            if m["event"] == "update" {
                n += 1;
            }
        }
        n
    });
    let client = reqwest::Client::new();
    for i in 0..writes {
        let resp = client
            .patch(format!("{base}/items/notes/1?fields=id"))
            .bearer_auth(ADMIN)
            .json(&json!({"text": format!("{i}{text}")}))
            .send()
            .await
            .expect("update");
        assert!(resp.status().is_success());
    }
    assert_eq!(reader.await.expect("the fast reader"), writes);
    // The slow one now reads: what the buffers held, then the end of the connection.
    let mut heard = 0;
    let mut bytes = 0;
    loop {
        match tokio::time::timeout(Duration::from_secs(20), slow.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => {
                heard += 1;
                bytes += t.len();
            }
            Ok(Some(Ok(_))) => {}
            Ok(None) | Ok(Some(Err(_))) => break,
            Err(_) => panic!(
                "the slow subscriber is still connected after {heard} messages, {bytes} bytes"
            ),
        }
    }
    assert!(heard < writes, "the slow subscriber heard all {heard} writes");
}
