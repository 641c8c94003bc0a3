//! A policy's `ip_access`: which client addresses it admits (single IPs,
//! `a-b` ranges and CIDR blocks, as a list or a comma-separated string), and
//! which values Directus accepts for it.

use std::net::IpAddr;

use serde_json::Value;

/// Whether a client address matches a policy's `ip_access` (IPs, `a-b` ranges, CIDR blocks).
pub(crate) fn ip_allowed(ip_access: Option<&Value>, ip: Option<IpAddr>) -> bool {
    let entries: Vec<String> = match ip_access {
        None | Some(Value::Null) => return true,
        Some(Value::Array(list)) => {
            list.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        Some(Value::String(s)) => s.split(',').map(|e| e.trim().to_owned()).collect(),
        Some(_) => return true,
    };
    let entries: Vec<&str> = entries.iter().map(String::as_str).filter(|e| !e.is_empty()).collect();
    if entries.is_empty() {
        return true;
    }
    let Some(ip) = ip else { return false };
    entries.iter().any(|entry| {
        if let Ok(net) = entry.parse::<ipnet::IpNet>() {
            return net.contains(&ip);
        }
        if let Some((from, to)) = entry.split_once('-')
            && let (Ok(from), Ok(to)) = (from.trim().parse::<IpAddr>(), to.trim().parse::<IpAddr>())
        {
            return from <= ip && ip <= to;
        }
        entry.parse::<IpAddr>().is_ok_and(|e| e == ip)
    })
}

/// Whether an `ip_access` value is one Directus accepts.
pub(crate) fn valid_ip_access(value: &Value) -> bool {
    let entries: Vec<&str> = match value {
        Value::Null => return true,
        Value::Array(list) => {
            if list.iter().any(|v| !v.is_string()) {
                return false;
            }
            list.iter().filter_map(Value::as_str).collect()
        }
        Value::String(s) => s.split(',').map(str::trim).collect(),
        _ => return false,
    };
    entries.iter().all(|entry| {
        entry.parse::<ipnet::IpNet>().is_ok()
            || entry.parse::<IpAddr>().is_ok()
            || entry.split_once('-').is_some_and(|(a, b)| {
                a.trim().parse::<IpAddr>().is_ok() && b.trim().parse::<IpAddr>().is_ok()
            })
    })
}
