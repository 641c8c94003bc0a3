//! `POST /files/import {url, data?, options?}`: a file fetched from a URL and
//! stored as an upload is, as Directus' `FilesService.importOne` does it —
//! the payload checked, create access required, addresses of
//! `IMPORT_IP_DENY_LIST` refused (`0.0.0.0` stands for this machine: its
//! loopback and any-address ranges), the name and media type taken from the
//! response, the media type held to the allow lists. Whatever goes wrong
//! while fetching is SERVICE_UNAVAILABLE naming the URL.

use std::net::IpAddr;
use std::time::Duration;

use bytes::Bytes;
use ipnet::IpNet;
use serde_json::{Map, Value};

use super::meta::{self, format_title};
use super::upload;
use crate::engine::Action;
use crate::error::{Error, ErrorCode, Result};
use crate::service::items::Items;
use crate::service::{Accountability, App};
use crate::store::Pk;
use crate::system::FILES;

fn unavailable(url: &str) -> Error {
    let reason = format!("Couldn't fetch file from URL \"{url}\"");
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("Service \"external-file\" is unavailable. {reason}."),
    )
    .with("service", "external-file")
    .with("reason", reason)
}

/// What a valid import body asks for.
struct Import {
    url: String,
    data: Map<String, Value>,
    filter: Option<Vec<String>>,
}

/// The body's shape, as Directus' Joi schema checks it.
fn parse(body: &Value) -> Result<Import> {
    let url = match body.get("url") {
        Some(Value::String(url)) if !url.is_empty() => url.clone(),
        Some(Value::String(_)) => {
            return Err(Error::invalid_payload("\"url\" is not allowed to be empty"));
        }
        Some(_) => return Err(Error::invalid_payload("\"url\" must be a string")),
        None => return Err(Error::invalid_payload("\"url\" is required")),
    };
    let data = match body.get("data") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(Error::invalid_payload("\"data\" must be of type object")),
    };
    let filter = match body.get("options") {
        None => None,
        Some(Value::Object(o)) => match o.get("filterMimeType") {
            None => None,
            Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
                Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            }
            Some(_) => {
                return Err(Error::invalid_payload("\"options.filterMimeType\" must be an array"));
            }
        },
        Some(_) => return Err(Error::invalid_payload("\"options\" must be of type object")),
    };
    if let Some(extra) = body
        .as_object()
        .and_then(|m| m.keys().find(|k| !["url", "data", "options"].contains(&k.as_str())).cloned())
    {
        return Err(Error::invalid_payload(format!("\"{extra}\" is not allowed")));
    }
    Ok(Import { url, data, filter })
}

/// The address ranges `IMPORT_IP_DENY_LIST` names, inclusive.
pub(crate) fn denied_ranges(list: &str) -> Vec<(IpAddr, IpAddr)> {
    let net = |n: IpNet| (n.network(), n.broadcast());
    let mut out = Vec::new();
    for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if entry == "0.0.0.0" {
            // This machine: Directus blocks 0.0.0.0/8, :: and every local interface.
            for n in ["0.0.0.0/8", "::/128", "127.0.0.0/8", "::1/128"] {
                out.extend(n.parse::<IpNet>().ok().map(net));
            }
        } else if let Ok(n) = entry.parse::<IpNet>() {
            out.push(net(n));
        } else if let Ok(ip) = entry.parse::<IpAddr>() {
            out.push((ip, ip));
        } else if let Some((a, b)) = entry.split_once('-')
            && let (Ok(a), Ok(b)) = (a.trim().parse::<IpAddr>(), b.trim().parse::<IpAddr>())
        {
            out.push((a, b));
        }
    }
    out
}

pub(crate) fn is_denied(ranges: &[(IpAddr, IpAddr)], ip: IpAddr) -> bool {
    ranges.iter().any(|(lo, hi)| lo.is_ipv4() == ip.is_ipv4() && *lo <= ip && ip <= *hi)
}

/// Fetches the URL's body, its final URL and its media type.
async fn fetch(app: &App, url: &str, limit: u64) -> Result<(String, String, Bytes)> {
    let parsed = reqwest::Url::parse(url).map_err(|_| unavailable(url))?;
    let host =
        parsed.host_str().ok_or_else(|| unavailable(url))?.trim_matches(['[', ']']).to_owned();
    let port = parsed.port_or_known_default().unwrap_or(80);
    let denied = denied_ranges(&app.config.files.import_ip_deny_list);
    let addresses =
        tokio::net::lookup_host((host.as_str(), port)).await.map_err(|_| unavailable(url))?;
    for addr in addresses {
        let ip = addr.ip().to_canonical();
        if is_denied(&denied, ip) {
            tracing::warn!(url, %ip, "an import from a denied address was refused");
            return Err(unavailable(url));
        }
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .map_err(|_| unavailable(url))?;
    let mut resp = client.get(parsed).send().await.map_err(|_| unavailable(url))?;
    if !resp.status().is_success() {
        return Err(unavailable(url));
    }
    let final_url = resp.url().to_string();
    let media_type = resp
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or("application/octet-stream")
        .to_owned();
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|_| unavailable(url))? {
        body.extend_from_slice(&chunk);
        if body.len() as u64 >= limit {
            return Err(Error::bare(ErrorCode::ContentTooLarge));
        }
    }
    Ok((final_url, media_type, Bytes::from(body)))
}

/// The file name of a URL: its path's last segment, percent-decoded (`decodeURI`).
fn url_filename(url: &str) -> String {
    let path = reqwest::Url::parse(url).map(|u| u.path().to_owned()).unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or("");
    percent_encoding::percent_decode_str(last).decode_utf8_lossy().into_owned()
}

/// `POST /files/import`: the key of the stored file.
pub(crate) async fn import(app: &App, acc: &Accountability, body: &Value) -> Result<Pk> {
    let import = parse(body)?;
    if !acc.admin && !acc.access(&app.store.snapshot()).can(FILES, Action::Create) {
        return Err(Error::forbidden_reason(
            "You don't have permission to perform \"create\" for collection \"directus_files\" or it does not exist.",
        ));
    }
    let (final_url, media_type, bytes) = fetch(app, &import.url, upload::max_size(app)).await?;
    let global: Vec<String> =
        app.config.files.files_mime_type_allow_list.split(',').map(str::to_owned).collect();
    if !meta::mime_allowed(&media_type, &global) {
        return Err(Error::invalid_payload(format!(
            "File content type \"{media_type}\" is not allowed for upload by your global file type restrictions"
        )));
    }
    if let Some(filter) = import.filter.filter(|f| !f.is_empty())
        && !meta::mime_allowed(&media_type, &filter)
    {
        return Err(Error::invalid_payload(format!(
            "File content type \"{media_type}\" is not allowed for upload by this field's file type restrictions"
        )));
    }
    let filename = url_filename(&final_url);
    let mut data = Map::new();
    data.insert("filename_download".into(), Value::String(filename.clone()));
    data.insert("type".into(), Value::String(media_type));
    data.insert("title".into(), Value::String(format_title(&filename)));
    data.extend(import.data);
    let replacing = data.get("id").and_then(Value::as_str).map(str::to_owned);
    let items = Items::new(app, acc, FILES)?;
    upload::store(&items, replacing.as_deref(), data, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_is_denied_by_default() {
        let ranges = denied_ranges("0.0.0.0,169.254.169.254");
        let denied = |ip: &str| is_denied(&ranges, ip.parse().unwrap());
        assert!(denied("127.0.0.1"));
        assert!(denied("127.0.0.2"));
        assert!(denied("::1"));
        assert!(denied("169.254.169.254"));
        assert!(!denied("93.184.216.34"));
        assert!(!is_denied(&denied_ranges("169.254.169.254"), "127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn names_come_from_the_url_path() {
        assert_eq!(url_filename("http://x/assets/abc/small%20pic.png?x=1"), "small pic.png");
        assert_eq!(url_filename("http://x/assets/abc"), "abc");
    }
}
