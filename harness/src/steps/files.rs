//! Files: multipart uploads built from a table of parts, bytes the harness
//! serves itself for imports from a URL, and assertions on binary bodies
//! (byte length, compared with a remembered one, equality with a named content,
//! a SHA-256, an image's format and size).

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail, ensure};
use cucumber::gherkin::{Step, StepType};
use cucumber::{given, then, when};
use serde_json::Value;

use crate::api::{Method, Request};
use crate::content::{self, generate, image_info};
use crate::world::ConformanceWorld;

/// The boundary of the multipart bodies the harness builds.
const BOUNDARY: &str = "conformance-7d1f0c2e9a";

/// A multipart body from the step's table: a header row `| part | content | filename | type |`,
/// then one row per part. A row without filename and type is a text field whose
/// value is `content`; any other row is a file whose bytes `content` names.
fn multipart(w: &ConformanceWorld, step: &Step) -> Result<Vec<u8>> {
    let table = step.table.as_ref().ok_or_else(|| anyhow!("this step needs a table of parts"))?;
    let mut rows = table.rows.iter();
    let header = rows.next().ok_or_else(|| anyhow!("the table of parts has no header row"))?;
    ensure!(
        header.iter().map(String::as_str).eq(["part", "content", "filename", "type"]),
        "the table of parts needs the header | part | content | filename | type |, not {header:?}"
    );
    let mut body = Vec::new();
    for row in rows {
        let [name, content, filename, media_type] = row.as_slice() else {
            bail!("a part needs four cells: {row:?}");
        };
        let content = w.interpolate(content)?;
        write!(body, "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"")?;
        if filename.is_empty() && media_type.is_empty() {
            write!(body, "\r\n\r\n{content}\r\n")?;
            continue;
        }
        let filename = w.interpolate(filename)?;
        write!(body, "; filename=\"{filename}\"\r\nContent-Type: {media_type}\r\n\r\n")?;
        body.extend(generate(&content)?);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n")?;
    Ok(body)
}

#[given(expr = "{word} sends {method} {word} as multipart:")]
#[when(expr = "{word} sends {method} {word} as multipart:")]
async fn sends_multipart(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: Method,
    path: String,
) -> Result<()> {
    let body = multipart(w, step)?;
    let content_type = Some(format!("multipart/form-data; boundary={BOUNDARY}"));
    let req = Request { method, path, body: Some(body), content_type, ..Request::default() };
    w.send(&persona, req).await?;
    if step.ty == StepType::Given {
        w.last()?.ensure_success()?;
    }
    Ok(())
}

/// A loopback HTTP server answering every request with one content, until dropped.
#[derive(Debug)]
pub(crate) struct Served {
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Served {
    fn start(bytes: Vec<u8>, media_type: String) -> Result<Served> {
        let listener = TcpListener::bind("127.0.0.1:0").context("binding a loopback port")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(conn) = conn {
                    // One client's failure concerns the server under test, not the harness.
                    let _ = answer(conn, &bytes, &media_type);
                }
            }
        });
        Ok(Served { stop, port })
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Reads a request's head and answers it with the content.
fn answer(mut conn: TcpStream, bytes: &[u8], media_type: &str) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: {media_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        bytes.len()
    )?;
    conn.write_all(bytes)?;
    conn.flush()
}

#[given(regex = r#"^the harness serves "([^"]+)" as "([^"]+)" at "([^"]+)"$"#)]
async fn serves(
    w: &mut ConformanceWorld,
    content: String,
    media_type: String,
    name: String,
) -> Result<()> {
    let served = Served::start(generate(&w.interpolate(&content)?)?, media_type)?;
    let url = format!("http://127.0.0.1:{}/{name}", served.port);
    w.vars.insert(name, Value::String(url));
    w.served.push(served);
    Ok(())
}

#[then(regex = r#"^the body has (\d+) bytes$"#)]
async fn body_length(w: &mut ConformanceWorld, n: usize) -> Result<()> {
    let ex = w.last()?;
    ensure!(
        ex.bytes.len() == n,
        "{}: the body has {} bytes, expected {n}",
        ex.summary(),
        ex.bytes.len()
    );
    Ok(())
}

#[then(regex = r#"^I remember the body's byte length as "([^"]+)"$"#)]
async fn remember_body_length(w: &mut ConformanceWorld, name: String) -> Result<()> {
    let n = w.last()?.bytes.len();
    w.vars.insert(name, Value::from(n));
    Ok(())
}

#[then(regex = r#"^the body has (fewer|more) bytes than "([^"]+)"$"#)]
async fn body_length_compared(w: &mut ConformanceWorld, how: String, name: String) -> Result<()> {
    let Some(other) = w.vars.get(&name).and_then(Value::as_u64) else {
        bail!("no byte length remembered as {name:?}");
    };
    let ex = w.last()?;
    let n = ex.bytes.len() as u64;
    let holds = if how == "fewer" { n < other } else { n > other };
    ensure!(
        holds,
        "{}: the body has {n} bytes, expected {how} than {name:?} ({other})",
        ex.summary()
    );
    Ok(())
}

#[then(regex = r#"^the body's sha256 is "([0-9a-f]{64})"$"#)]
async fn body_sha256(w: &mut ConformanceWorld, expected: String) -> Result<()> {
    use sha2::Digest as _;
    let ex = w.last()?;
    let got: String = sha2::Sha256::digest(&ex.bytes).iter().map(|b| format!("{b:02x}")).collect();
    ensure!(got == expected, "{}: the body's sha256 is {got}, expected {expected}", ex.summary());
    Ok(())
}

/// A pixel of an image body, within 16 of each channel (resamplers differ).
#[then(regex = r#"^the body's pixel at (\d+),(\d+) is #([0-9a-f]{6})$"#)]
async fn body_pixel(w: &mut ConformanceWorld, x: u32, y: u32, colour: String) -> Result<()> {
    let ex = w.last()?;
    let img = image::load_from_memory(&ex.bytes)
        .with_context(|| format!("{}: the body is not an image", ex.summary()))?
        .to_rgb8();
    ensure!(
        x < img.width() && y < img.height(),
        "{}: no pixel at {x},{y} in a {}x{} image",
        ex.summary(),
        img.width(),
        img.height()
    );
    let want: Vec<u8> = (0..3)
        .map(|i| u8::from_str_radix(&colour[i * 2..i * 2 + 2], 16))
        .collect::<Result<_, _>>()?;
    let got = img.get_pixel(x, y).0;
    ensure!(
        got.iter().zip(&want).all(|(g, w)| g.abs_diff(*w) <= 16),
        "{}: the pixel at {x},{y} is #{:02x}{:02x}{:02x}, expected #{colour}",
        ex.summary(),
        got[0],
        got[1],
        got[2]
    );
    Ok(())
}

#[then(regex = r#"^the body is the content "([^"]+)"$"#)]
async fn body_is_content(w: &mut ConformanceWorld, content: String) -> Result<()> {
    let expected = generate(&w.interpolate(&content)?)?;
    let ex = w.last()?;
    ensure!(
        ex.bytes == expected,
        "{}: the body ({} bytes, starting {:?}) is not the content {content:?} ({} bytes)",
        ex.summary(),
        ex.bytes.len(),
        String::from_utf8_lossy(&ex.bytes[..ex.bytes.len().min(40)]),
        expected.len()
    );
    Ok(())
}

#[then(regex = r#"^the body is an? (\w+) image of (\d+x\d+)$"#)]
async fn body_is_image(w: &mut ConformanceWorld, format: String, size: String) -> Result<()> {
    let (width, height) = content::dimensions(&size)?;
    let ex = w.last()?;
    let Some((got, w_got, h_got)) = image_info(&ex.bytes) else {
        bail!("{}: the body is not an image: {:?}", ex.summary(), ex.body_excerpt());
    };
    ensure!(
        (got.as_str(), w_got, h_got) == (format.as_str(), width, height),
        "{}: the body is a {got} image of {w_got}x{h_got}, expected a {format} image of {size}",
        ex.summary()
    );
    Ok(())
}
