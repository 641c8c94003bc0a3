//! From a request's query to sharp calls, as Directus' assets controller and
//! `resolvePreset` do it: the transformation parameters (`width`, `height`,
//! `fit`, `format`, `quality`, `withoutEnlargement`, `focal_point_x|y`,
//! `key`, `transforms`), the presets of the settings and the system's
//! `system-*` ones, what `storage_asset_transform` allows, the focal-point
//! crop, and the size limit each step of the result is held to.

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::js::Js;
use super::sharp::METHODS;
use crate::error::{Error, ErrorCode, Result};

/// The query keys Directus reads as a transformation (`ASSET_TRANSFORM_QUERY_KEYS`).
pub(crate) const QUERY_KEYS: &[&str] = &[
    "key",
    "transforms",
    "width",
    "height",
    "format",
    "fit",
    "quality",
    "withoutEnlargement",
    "focal_point_x",
    "focal_point_y",
];

/// A transformation's parameters, by query key.
pub(crate) type Params = IndexMap<String, Js>;

/// One sharp call: the method and its arguments.
pub(crate) type Call = (String, Vec<Js>);

/// The presets every project has (`SYSTEM_ASSET_ALLOW_LIST`): the Data Studio's thumbnails.
fn system_presets() -> Vec<Value> {
    let cover = |key: &str, size: u32| json!({"key": key, "format": "auto", "transforms": [["resize", {"width": size, "height": size, "fit": "cover"}]]});
    let contain = |key: &str, size: u32| json!({"key": key, "format": "auto", "transforms": [["resize", {"width": size, "fit": "contain"}]]});
    vec![
        cover("system-small-cover", 64),
        contain("system-small-contain", 64),
        cover("system-medium-cover", 300),
        contain("system-medium-contain", 300),
        cover("system-large-cover", 800),
        contain("system-large-contain", 800),
    ]
}

fn bad_transforms() -> Error {
    Error::invalid_query(
        "\"transforms\" Parameter needs to be a JSON array of allowed transformations",
    )
}

/// The transformation a query asks for: its keys, `transforms` parsed and checked.
pub(crate) fn requested(query: &[(String, String)], max_operations: usize) -> Result<Params> {
    let mut params = Params::new();
    for (k, v) in query {
        if QUERY_KEYS.contains(&k.as_str()) && !params.contains_key(k) {
            params.insert(k.clone(), Js::Str(v.clone()));
        }
    }
    let Some(Js::Str(text)) = params.get("transforms") else { return Ok(params) };
    let parsed: Value = serde_json::from_str(text).map_err(|_| bad_transforms())?;
    let Value::Array(list) = &parsed else { return Err(bad_transforms()) };
    if list.len() > max_operations {
        return Err(Error::invalid_query(format!(
            "\"transforms\" Parameter is only allowed {max_operations} transformations"
        )));
    }
    for t in list {
        // `transform[0]`: a string's first letter, an array's first element.
        let name = match t {
            Value::Null => {
                return Err(Error::internal("Cannot read properties of null (reading '0')"));
            }
            Value::String(s) => {
                s.chars().next().map(|c| Js::Str(c.to_string())).unwrap_or(Js::Undefined)
            }
            Value::Array(items) => items.first().map(Js::from_json).unwrap_or(Js::Undefined),
            _ => Js::Undefined,
        };
        if !name.str().is_some_and(|n| METHODS.contains(&n)) {
            return Err(Error::invalid_query(format!(
                "\"transforms\" Parameter does not allow \"{}\" as a transformation",
                name.text()
            )));
        }
    }
    params.insert("transforms".into(), Js::from_json(&parsed));
    Ok(params)
}

/// The project's presets and what `storage_asset_transform` allows.
#[derive(Debug, Clone)]
pub(crate) struct AssetSettings {
    /// `all`, `presets` or `none`.
    pub(crate) mode: String,
    pub(crate) presets: Vec<Value>,
}

/// Whether a key names a preset Directus may use here, as its controller decides;
/// also whether a transformation may be made at all.
pub(crate) fn check_keys(params: &Params, settings: &AssetSettings) -> Result<()> {
    let empty_transforms = matches!(params.get("transforms"), Some(Js::Arr(t)) if t.is_empty());
    if params.is_empty() || empty_transforms {
        return Ok(());
    }
    let system: Vec<String> = system_presets()
        .iter()
        .filter_map(|p| p.get("key").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let mut all = system.clone();
    all.extend(
        settings
            .presets
            .iter()
            .filter_map(|p| p.get("key").and_then(Value::as_str).map(str::to_owned)),
    );
    let key = params.get("key").and_then(|k| k.str().map(str::to_owned));
    let only_key = key.is_some() && params.len() == 1;
    match settings.mode.as_str() {
        "all" => match key.clone() {
            Some(k) if !all.contains(&k) => {
                Err(Error::invalid_query(format!("Key \"{k}\" isn't configured")))
            }
            _ => Ok(()),
        },
        "presets" if key.as_ref().is_some_and(|k| all.contains(k)) && only_key => Ok(()),
        "presets" => {
            Err(Error::invalid_query("Only configured presets can be used in asset generation"))
        }
        _ if key.as_ref().is_some_and(|k| system.contains(k)) && only_key => Ok(()),
        _ => {
            Err(Error::invalid_query("Dynamic asset generation has been disabled for this project"))
        }
    }
}

/// The parameters with the preset their `key` names underneath.
pub(crate) fn with_preset(params: Params, settings: &AssetSettings) -> Params {
    let key = params.get("key").and_then(|k| k.str().map(str::to_owned));
    let mut merged = Params::new();
    let presets = system_presets().into_iter().chain(settings.presets.iter().cloned());
    if let Some(preset) = presets
        .filter_map(|p| p.as_object().cloned())
        .find(|p| key.is_some() && p.get("key").and_then(Value::as_str) == key.as_deref())
    {
        for (k, v) in preset {
            merged.insert(k, Js::from_json(&v));
        }
    }
    for (k, v) in params {
        merged.insert(k, v);
    }
    merged
}

/// What `resolvePreset` needs to know of the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileFacts {
    pub(crate) media_type: Option<String>,
    pub(crate) width: Option<f64>,
    pub(crate) height: Option<f64>,
    pub(crate) focal_x: Option<f64>,
    pub(crate) focal_y: Option<f64>,
}

/// `getFormat`: `auto` becomes what the client accepts, or a format every browser shows.
fn output_format(file: &FileFacts, format: &Js, accept: Option<&str>) -> Js {
    let own = file.media_type.as_deref().and_then(|t| t.split('/').nth(1)).map(str::to_owned);
    if format.truthy() {
        if format.str() != Some("auto") {
            return format.clone();
        }
        if let Some(a) = accept {
            return Js::Str(a.to_owned());
        }
        if own.as_deref().is_some_and(|t| ["avif", "webp", "tiff"].contains(&t)) {
            return Js::Str("png".into());
        }
    }
    Js::Str(own.unwrap_or_else(|| "jpg".into()))
}

/// `resolvePreset`: the sharp calls a transformation makes of a file.
pub(crate) fn resolve(p: &Params, file: &FileFacts, accept: Option<&str>) -> Vec<Call> {
    let get = |k: &str| p.get(k).cloned().unwrap_or(Js::Undefined);
    let mut calls: Vec<Call> = match get("transforms") {
        Js::Arr(list) => list
            .into_iter()
            .filter_map(|t| match t {
                Js::Arr(mut items) if !items.is_empty() => {
                    let name = items.remove(0).text();
                    Some((name, items))
                }
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let (format, quality) = (get("format"), get("quality"));
    if format.truthy() || quality.truthy() {
        let mut options = IndexMap::new();
        options.insert("quality".to_owned(), quality.number_if_truthy());
        calls.push((
            "toFormat".into(),
            vec![output_format(file, &format, accept), Js::Obj(options)],
        ));
    }
    let (width, height) = (get("width"), get("height"));
    let (Some(fw), Some(fh)) =
        (file.width.filter(|w| *w != 0.0), file.height.filter(|h| *h != 0.0))
    else {
        return calls;
    };
    if !(width.truthy() || height.truthy()) {
        return calls;
    }
    let without = get("withoutEnlargement");
    let mut to_w = width.number_if_truthy();
    let mut to_h = height.number_if_truthy();
    if without.truthy() {
        if let Js::Num(w) = to_w {
            to_w = Js::Num(if w.is_nan() { f64::NAN } else { w.min(fw) });
        }
        if let Js::Num(h) = to_h {
            to_h = Js::Num(if h.is_nan() { f64::NAN } else { h.min(fh) });
        }
    }
    let focal = |k: &str, own: Option<f64>| match get(k) {
        v if v.truthy() => Some(v.number()),
        _ => own,
    };
    let (fx, fy) = (focal("focal_point_x", file.focal_x), focal("focal_point_y", file.focal_y));
    let fit = get("fit");
    let without_flag = if without.truthy() { Js::Bool(true) } else { Js::Undefined };
    let cover = !fit.defined() || fit.str() == Some("cover");
    let mut resize = IndexMap::new();
    if let (true, Js::Num(tw), Js::Num(th), Some(fx), Some(fy)) = (cover, &to_w, &to_h, fx, fy)
        && *tw != 0.0
        && *th != 0.0
        && !tw.is_nan()
        && !th.is_nan()
    {
        let (w, h, region) = focal_crop((fw, fh), (*tw, *th), (fx, fy));
        resize.insert("width".to_owned(), Js::Num(w));
        resize.insert("height".to_owned(), Js::Num(h));
        resize.insert("fit".to_owned(), fit.clone());
        resize.insert("withoutEnlargement".to_owned(), without_flag);
        calls.push(("resize".into(), vec![Js::Obj(resize)]));
        calls.push(("extract".into(), vec![region]));
        return calls;
    }
    resize.insert("width".to_owned(), to_w);
    resize.insert("height".to_owned(), to_h);
    resize.insert("fit".to_owned(), fit);
    resize.insert("withoutEnlargement".to_owned(), without_flag);
    calls.push(("resize".into(), vec![Js::Obj(resize)]));
    calls
}

/// `getResizeArguments`: the size of the intermediate resize and the region
/// that keeps the focal point in the middle of the target.
fn focal_crop(original: (f64, f64), target: (f64, f64), focal: (f64, f64)) -> (f64, f64, Js) {
    let (ow, oh) = original;
    let (tw, th) = target;
    let (h_ratio, w_ratio) = (oh / th, ow / tw);
    let (factor, w, h) = if h_ratio < w_ratio {
        (h_ratio, (ow / h_ratio).round(), th.round())
    } else {
        (w_ratio, tw.round(), (oh / w_ratio).round())
    };
    let clamp = |v: f64, hi: f64| v.max(0.0).min(hi.max(0.0));
    let left = clamp((focal.0 / factor - tw / 2.0).round(), w - tw);
    let top = clamp((focal.1 / factor - th / 2.0).round(), h - th);
    let mut region = IndexMap::new();
    region.insert("left".to_owned(), Js::Num(left));
    region.insert("top".to_owned(), Js::Num(top));
    region.insert("width".to_owned(), Js::Num(tw));
    region.insert("height".to_owned(), Js::Num(th));
    (w, h, Js::Obj(region))
}

/// The format the last `toFormat` asks for (the served media type follows it).
pub(crate) fn new_format(calls: &[Call]) -> Option<String> {
    calls
        .iter()
        .rev()
        .find(|(m, _)| m == "toFormat")
        .map(|(_, args)| args.first().map_or_else(|| "undefined".to_owned(), Js::text))
}

/// `toDimension`: a positive safe integer, or nothing.
fn dimension(v: &Js) -> Option<f64> {
    v.integer().filter(|n| *n > 0 && *n < (1_i64 << 53)).map(|n| n as f64)
}

fn illegal() -> Error {
    Error::new(ErrorCode::IllegalAssetTransformation, "Illegal asset transformation.")
        .with("invalidTransformations", json!(["width", "height"]))
}

/// `assertTransformsAllowed`: no step may make the image larger than
/// `ASSETS_TRANSFORM_IMAGE_MAX_OUTPUT_DIMENSION` on a side.
pub(crate) fn assert_allowed(width: f64, height: f64, calls: &[Call], max: f64) -> Result<()> {
    let mut size = (width, height);
    for (method, args) in calls {
        let a0 = args.first().unwrap_or(&Js::Undefined);
        size = match method.as_str() {
            "resize" => resize_size(size, args),
            "extract" => match (dimension(a0.get("width")), dimension(a0.get("height"))) {
                (Some(w), Some(h)) if matches!(a0, Js::Obj(_)) => (w, h),
                _ => size,
            },
            "extend" => match a0 {
                Js::Num(n) => (size.0 + n * 2.0, size.1 + n * 2.0),
                Js::Obj(_) => {
                    let d = |k: &str| dimension(a0.get(k)).unwrap_or(0.0);
                    (size.0 + d("left") + d("right"), size.1 + d("top") + d("bottom"))
                }
                _ => size,
            },
            "rotate" => {
                let angle = a0.num().unwrap_or(0.0).rem_euclid(360.0);
                if angle == 90.0 || angle == 270.0 { (size.1, size.0) } else { size }
            }
            _ => size,
        };
        if size.0 > max || size.1 > max {
            return Err(illegal());
        }
    }
    Ok(())
}

/// `calculateResize`: the size a resize call projects.
fn resize_size(input: (f64, f64), args: &[Js]) -> (f64, f64) {
    let a0 = args.first().unwrap_or(&Js::Undefined);
    let (opts, w, h) = if matches!(a0, Js::Obj(_)) {
        (a0.clone(), a0.get("width").clone(), a0.get("height").clone())
    } else {
        let o = args.get(2).filter(|o| matches!(o, Js::Obj(_))).cloned().unwrap_or(Js::Undefined);
        (o, a0.clone(), args.get(1).cloned().unwrap_or(Js::Undefined))
    };
    let (w, h) = (dimension(&w), dimension(&h));
    let fit = opts.get("fit").str().unwrap_or("cover").to_owned();
    let without_enlargement = opts.get("withoutEnlargement") == &Js::Bool(true);
    let without_reduction = opts.get("withoutReduction") == &Js::Bool(true);
    let clamp = |s: f64| {
        if without_enlargement {
            s.min(1.0)
        } else if without_reduction {
            s.max(1.0)
        } else {
            s
        }
    };
    let scaled = |s: f64| {
        if s.is_finite() { ((input.0 * s).round(), (input.1 * s).round()) } else { input }
    };
    match (w, h) {
        (None, None) => input,
        (Some(w), None) => scaled(clamp(w / input.0)),
        (None, Some(h)) => scaled(clamp(h / input.1)),
        (Some(w), Some(h)) => match fit.as_str() {
            "inside" => scaled(clamp((w / input.0).min(h / input.1))),
            "outside" => scaled(clamp((w / input.0).max(h / input.1))),
            "cover" if without_enlargement || without_reduction => {
                let s = clamp((w / input.0).max(h / input.1));
                (w.min((input.0 * s).round()), h.min((input.1 * s).round()))
            }
            _ => (w, h),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn transforms_are_checked_as_directus_checks_them() {
        let reason = |r: Result<Params>| r.unwrap_err().first().extensions["reason"].clone();
        assert_eq!(
            reason(requested(&q(&[("transforms", "notjson")]), 5)),
            json!("\"transforms\" Parameter needs to be a JSON array of allowed transformations")
        );
        assert_eq!(
            reason(requested(&q(&[("transforms", r#"["blur"]"#)]), 5)),
            json!("\"transforms\" Parameter does not allow \"b\" as a transformation")
        );
        assert_eq!(
            reason(requested(&q(&[("transforms", r#"[[]]"#)]), 5)),
            json!("\"transforms\" Parameter does not allow \"undefined\" as a transformation")
        );
        assert_eq!(
            reason(requested(&q(&[("transforms", r#"[["flip"],["flop"],["negate"]]"#)]), 2)),
            json!("\"transforms\" Parameter is only allowed 2 transformations")
        );
    }

    #[test]
    fn a_focal_point_crops_around_it() {
        let file = FileFacts {
            width: Some(64.0),
            height: Some(48.0),
            focal_x: Some(60.0),
            focal_y: Some(10.0),
            ..FileFacts::default()
        };
        let params = requested(&q(&[("width", "20"), ("height", "20")]), 5).unwrap();
        let calls = resolve(&params, &file, None);
        assert_eq!(calls[0].0, "resize");
        assert_eq!(calls[1].0, "extract");
        assert_eq!(calls[1].1[0].get("left"), &Js::Num(7.0));
        assert_eq!(calls[1].1[0].get("width"), &Js::Num(20.0));
    }

    #[test]
    fn outputs_are_held_to_the_limit() {
        let calls = vec![("resize".to_owned(), vec![Js::from_json(&json!({"width": 100000}))])];
        assert!(assert_allowed(64.0, 48.0, &calls, 6000.0).is_err());
        let calls = vec![("resize".to_owned(), vec![Js::from_json(&json!({"width": 6000}))])];
        assert!(assert_allowed(64.0, 48.0, &calls, 6000.0).is_ok());
    }
}
