//! What Directus computes about an uploaded file before it stores it: the
//! title it derives from the file name (`@directus/format-title`), the
//! extension of a media type (`mime-types`), whether a media type passes an
//! allow list (`minimatch` globs), sizes written as `4kb` (`bytes`), and the
//! image facts `sharp.metadata()` reads from a file's header.

use serde_json::{Map, Value};

/// Words that keep their own spelling (format-title's special cases).
const SPECIAL_CASE: &[&str] = &[
    "2FA",
    "4K",
    "5K",
    "8K",
    "AGI",
    "BI",
    "ChatGPT",
    "CTA",
    "DateTime",
    "FMS",
    "GitHub",
    "GPT",
    "HD",
    "IBMid",
    "IDs",
    "iMac",
    "IMAX",
    "iOS",
    "iPad",
    "iPhone",
    "iPod",
    "LDAP",
    "LinkedIn",
    "LLM",
    "macOS",
    "McDonalds",
    "MCP",
    "ML",
    "MySQL",
    "NLG",
    "NLP",
    "NLU",
    "OpenAI",
    "PDFs",
    "PIM",
    "PEFT",
    "pH",
    "PostgreSQL",
    "SEO",
    "TTS",
    "UHD",
    "UUID",
    "XSS",
    "YouTube",
];

/// Words written in capitals (format-title's acronyms).
const ACRONYMS: &[&str] = &[
    "2D", "3D", "4WD", "A2O", "AI", "API", "BIOS", "CC", "CCTV", "CCV", "CD", "CD-ROM", "CIA",
    "CMS", "COBOL", "CSS", "CSV", "CV", "DB", "DIY", "DNA", "DVD", "E3", "EIN", "ESPN", "FAQ",
    "FAQs", "FBI", "FORTRAN", "FPS", "FTP", "HTML", "HTTP", "HTTPS", "ID", "IP", "ISO", "JS",
    "JSON", "LASER", "M2A", "M2M", "M2MM", "M2O", "MMORPG", "NAFTA", "NASA", "NDA", "O2A", "O2M",
    "PDF", "PHP", "POP", "RAM", "RNGR", "ROM", "RPG", "RTFM", "RTS", "SCUBA", "SDK", "SITCOM",
    "SKU", "SMTP", "SQL", "SSL", "SSN", "SWAT", "TBS", "TLS", "TNA", "TS", "TTL", "TV", "UI",
    "URL", "USB", "UWP", "VIP", "W3C", "WWE", "WWF", "WWW", "WYSIWYG",
];

/// Short words that stay lower case inside a title (prepositions, conjunctions, articles).
const MINOR_WORDS: &[&str] = &[
    "about", "above", "across", "after", "against", "along", "among", "around", "at", "before",
    "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but", "by", "down",
    "during", "except", "for", "from", "in", "inside", "into", "like", "near", "of", "off", "on",
    "onto", "out", "outside", "over", "past", "since", "through", "to", "toward", "under", "until",
    "up", "upon", "with", "within", "without", "and", "that", "or", "as", "if", "when", "than",
    "because", "while", "where", "so", "though", "whether", "although", "nor", "once", "unless",
    "now", "a", "an", "the",
];

/// `decamelize`: `myFileName` → `my_file_name`, `HTMLPage` → `html_page`.
fn decamelize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let prev = chars[i - 1];
            let next_lower =
                chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
            // `([a-z\d])([A-Z])` and `([A-Z]+)([A-Z][a-z\d]+)`.
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c);
    }
    out.to_lowercase()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn special_word(word: &str, index: usize, count: usize) -> String {
    let lower = word.to_lowercase();
    if let Some(special) = SPECIAL_CASE.iter().find(|s| s.to_lowercase() == lower) {
        return (*special).to_owned();
    }
    let upper = word.to_uppercase();
    if ACRONYMS.contains(&upper.as_str()) {
        return upper;
    }
    if index == 0 || index + 1 == count || word.chars().count() >= 4 {
        return word.to_owned();
    }
    if MINOR_WORDS.contains(&lower.as_str()) {
        return lower;
    }
    word.to_owned()
}

/// `@directus/format-title`: `my-holiday_photo 2024` → `My Holiday Photo 2024`.
pub(crate) fn format_title(text: &str) -> String {
    let decamelized = decamelize(text);
    let words: Vec<String> = decamelized
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .map(capitalize)
        .collect();
    let count = words.len();
    words.iter().enumerate().map(|(i, w)| special_word(w, i, count)).collect::<Vec<_>>().join(" ")
}

/// Node's `path.extname`: the last `.suffix` of the last path segment, unless
/// the name starts with its only dot (`.bashrc`).
pub(crate) fn extname(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(0) | None => "",
        Some(i) if i + 1 == base.len() && base[..i].chars().all(|c| c == '.') => "",
        Some(i) => &base[i..],
    }
}

/// Node's `path.parse(name).name`: the last segment without its extension.
pub(crate) fn stem(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    let ext = extname(base);
    &base[..base.len() - ext.len()]
}

/// `mime-types`' `extension()`: the usual extension of a media type.
pub(crate) fn extension_of(media_type: &str) -> Option<&'static str> {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    Some(match essence.as_str() {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/avif" => "avif",
        "image/tiff" => "tif",
        "image/svg+xml" => "svg",
        "image/bmp" => "bmp",
        "image/x-icon" | "image/vnd.microsoft.icon" => "ico",
        "text/plain" => "txt",
        "text/html" => "html",
        "text/css" => "css",
        "text/csv" => "csv",
        "text/markdown" => "md",
        "text/xml" | "application/xml" => "xml",
        "application/json" => "json",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "application/octet-stream" => "bin",
        "application/javascript" | "text/javascript" => "js",
        "audio/mpeg" => "mp3",
        "audio/wav" => "wav",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        _ => return None,
    })
}

/// `mime-types`' `contentType()` of a file name: the media type of its extension
/// (`None` where Directus answers with `Content-Type: null`).
pub(crate) fn media_type_of_extension(ext: &str) -> Option<&'static str> {
    Some(match ext.trim_start_matches('.').to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "tif" | "tiff" => "image/tiff",
        "gif" => "image/gif",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "jxl" => "image/jxl",
        "jp2" => "image/jp2",
        _ => return None,
    })
}

/// One `minimatch` pattern against a media type: `*` stands for any run of
/// characters but `/`, `?` for one; everything else is itself.
fn glob_matches(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.first(), text.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            let rest = &pattern[1..];
            (0..=text.len())
                .take_while(|&i| i == 0 || text[i - 1] != b'/')
                .any(|i| glob_matches(rest, &text[i..]))
        }
        (Some(b'?'), Some(&c)) if c != b'/' => glob_matches(&pattern[1..], &text[1..]),
        (Some(p), Some(c)) if p == c => glob_matches(&pattern[1..], &text[1..]),
        _ => false,
    }
}

/// Whether a media type passes an allow list (`FILES_MIME_TYPE_ALLOW_LIST`,
/// an import's `filterMimeType`): any pattern matches it.
pub(crate) fn mime_allowed(media_type: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| glob_matches(p.trim().as_bytes(), media_type.as_bytes()))
}

/// The `bytes` package's `parse`: `4kb` is 4096, `1.5mb` 1572864, a bare number is bytes.
pub(crate) fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim().to_ascii_lowercase();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let factor: f64 = match unit.trim() {
        "" | "b" => 1.0,
        "kb" => 1024.0,
        "mb" => 1024.0 * 1024.0,
        "gb" => 1024.0 * 1024.0 * 1024.0,
        "tb" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((n * factor).floor() as u64)
}

/// The media types whose metadata Directus reads (`SUPPORTED_IMAGE_METADATA_FORMATS`).
pub(crate) const METADATA_TYPES: &[&str] =
    &["image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff", "image/avif"];

/// What Directus stores about an image it can read: `width`, `height` and
/// `metadata` (the allowed EXIF keys; the mock reads no EXIF, so `{}`).
/// Nothing when the type is not an image Directus reads, the header cannot be
/// read, or the image has more pixels than `max_dimension²` (sharp's
/// `limitInputPixels`, from `ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION`).
pub(crate) fn image_metadata(
    media_type: &str,
    bytes: &[u8],
    max_dimension: u64,
) -> Map<String, Value> {
    let mut out = Map::new();
    if !METADATA_TYPES.contains(&media_type) {
        return out;
    }
    let Ok(size) = imagesize::blob_size(bytes) else { return out };
    let (w, h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 || w.saturating_mul(h) > max_dimension.saturating_mul(max_dimension) {
        return out;
    }
    out.insert("width".into(), Value::from(w));
    out.insert("height".into(), Value::from(h));
    out.insert("metadata".into(), Value::Object(Map::new()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("my-holiday_photo 2024", "My Holiday Photo 2024")]
    #[case("photo", "Photo")]
    #[case("small.png", "Small.png")]
    #[case("evil", "Evil")]
    #[case("2942c27c-6a24-4a4b-b7e3-85c214fcfcb5", "2942c27c 6a24 4a4b B7e3 85c214fcfcb5")]
    #[case("the-lord-of-the-rings", "The Lord of the Rings")]
    #[case("myFileName", "My File Name")]
    #[case("api-docs", "API Docs")]
    #[case("iphone-pic", "iPhone Pic")]
    #[case("a--b", "A  B")]
    fn titles(#[case] name: &str, #[case] title: &str) {
        assert_eq!(format_title(name), title);
    }

    #[rstest]
    #[case("photo.png", ".png", "photo")]
    #[case("a.tar.gz", ".gz", "a.tar")]
    #[case(".bashrc", "", ".bashrc")]
    #[case("noext", "", "noext")]
    #[case("dir/x.JPG", ".JPG", "x")]
    fn paths(#[case] name: &str, #[case] ext: &str, #[case] base: &str) {
        assert_eq!(extname(name), ext);
        assert_eq!(stem(name), base);
    }

    #[rstest]
    #[case("image/png", "image/*", true)]
    #[case("image/png", "*/*", true)]
    #[case("text/plain", "image/*", false)]
    #[case("image/svg+xml", "image/*", true)]
    #[case("application/pdf", "application/pdf", true)]
    #[case("image/png", "*", false)]
    fn mime_lists(#[case] mime: &str, #[case] pattern: &str, #[case] allowed: bool) {
        assert_eq!(mime_allowed(mime, &[pattern.to_owned()]), allowed);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("4kb"), Some(4096));
        assert_eq!(parse_size("1MB"), Some(1_048_576));
        assert_eq!(parse_size("1234"), Some(1234));
        assert_eq!(parse_size("lots"), None);
    }
}
