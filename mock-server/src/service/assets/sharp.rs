//! The transformation methods Directus lets a request call on sharp
//! (`TransformationMethods`), as sharp takes them: each call checks its
//! arguments (with sharp's error messages, which Directus answers as
//! INVALID_QUERY) and sets options; a later call of the same method replaces
//! the earlier one. The options then run in sharp's own fixed order
//! (`render.rs`), whatever order the calls came in.

use super::js::{Js, invalid};

/// The methods `?transforms=` may name.
pub(crate) const METHODS: &[&str] = &[
    "toFormat",
    "jpeg",
    "png",
    "tiff",
    "webp",
    "avif",
    "resize",
    "extend",
    "extract",
    "trim",
    "rotate",
    "flip",
    "flop",
    "sharpen",
    "median",
    "blur",
    "flatten",
    "gamma",
    "negate",
    "normalise",
    "normalize",
    "clahe",
    "convolve",
    "threshold",
    "linear",
    "recomb",
    "modulate",
    "tint",
    "greyscale",
    "grayscale",
    "toColorspace",
    "toColourspace",
    "removeAlpha",
    "ensureAlpha",
    "extractChannel",
    "bandbool",
];

/// Output formats by the names `toFormat` knows (sharp's `formats`).
const FORMATS: &[(&str, Format)] = &[
    ("heic", Format::Heif),
    ("heif", Format::Heif),
    ("avif", Format::Avif),
    ("jpeg", Format::Jpeg),
    ("jpg", Format::Jpeg),
    ("jpe", Format::Jpeg),
    ("tile", Format::Tile),
    ("dz", Format::Tile),
    ("png", Format::Png),
    ("raw", Format::Raw),
    ("tiff", Format::Tiff),
    ("tif", Format::Tiff),
    ("webp", Format::Webp),
    ("gif", Format::Gif),
    ("jp2", Format::Jp2),
    ("jpx", Format::Jp2),
    ("j2k", Format::Jp2),
    ("j2c", Format::Jp2),
    ("jxl", Format::Jxl),
];

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
    Tiff,
    Gif,
    Avif,
    Raw,
    Heif,
    Tile,
    Jp2,
    Jxl,
}

impl Format {
    /// The format of an input media type (sharp writes what it read).
    pub(crate) fn of_media_type(media_type: &str) -> Format {
        match media_type {
            "image/png" => Format::Png,
            "image/webp" => Format::Webp,
            "image/tiff" => Format::Tiff,
            "image/avif" => Format::Avif,
            "image/gif" => Format::Gif,
            _ => Format::Jpeg,
        }
    }
}

/// How `resize` fits the image into the box (sharp's `fit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Fit {
    #[default]
    Cover,
    Contain,
    Fill,
    Inside,
    Outside,
}

/// A region of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    pub(crate) left: u32,
    pub(crate) top: u32,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// sharp's options after the calls: geometry, then pixel operations, then output.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Pipeline {
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    pub(crate) fit: Fit,
    pub(crate) without_enlargement: bool,
    pub(crate) without_reduction: bool,
    pub(crate) extract_pre: Option<Region>,
    pub(crate) extract_post: Option<Region>,
    /// Rotation by a multiple of 90 degrees.
    pub(crate) angle: i64,
    /// Rotation by any other angle (the canvas grows to hold the result).
    pub(crate) rotation: f64,
    /// Rotate before extracting and resizing (sharp's `rotateBefore`).
    pub(crate) rotate_before: bool,
    pub(crate) flip: bool,
    pub(crate) flop: bool,
    /// `[top, bottom, left, right]`.
    pub(crate) extend: [u32; 4],
    pub(crate) trim: Option<f64>,
    pub(crate) blur: Option<f32>,
    pub(crate) sharpen: bool,
    pub(crate) median: Option<u32>,
    pub(crate) flatten: bool,
    pub(crate) gamma: Option<f64>,
    pub(crate) negate: bool,
    pub(crate) normalise: bool,
    pub(crate) clahe: bool,
    pub(crate) convolve: Option<(u32, u32, Vec<f32>)>,
    pub(crate) threshold: Option<u8>,
    pub(crate) linear: Option<(f64, f64)>,
    pub(crate) recomb: Option<Vec<Vec<f64>>>,
    /// `(brightness, saturation, hue, lightness)`.
    pub(crate) modulate: Option<(f64, f64, i64, f64)>,
    pub(crate) tint: Option<[u8; 3]>,
    pub(crate) greyscale: bool,
    pub(crate) remove_alpha: bool,
    pub(crate) ensure_alpha: bool,
    pub(crate) extract_channel: Option<usize>,
    pub(crate) bandbool: bool,
    pub(crate) format: Option<Format>,
    pub(crate) quality: Option<u8>,
}

/// Why a call was refused: sharp's argument errors are Directus' INVALID_QUERY;
/// what sharp itself throws for unusable formats is an internal error.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refusal {
    Query(String),
    Internal(String),
}

type Outcome = Result<(), Refusal>;

fn bad(name: &str, expected: &str, actual: &Js) -> Refusal {
    Refusal::Query(invalid(name, expected, actual))
}

fn in_range(v: f64, lo: f64, hi: f64) -> bool {
    v >= lo && v <= hi
}

/// An integer argument in a range, or sharp's error naming it.
fn int_in(v: &Js, lo: i64, hi: i64, name: &str, expected: &str) -> Result<i64, Refusal> {
    v.integer().filter(|n| *n >= lo && *n <= hi).ok_or_else(|| bad(name, expected, v))
}

fn arg(args: &[Js], i: usize) -> &Js {
    args.get(i).unwrap_or(&Js::Undefined)
}

impl Pipeline {
    /// Calls one method with its arguments (`["resize", {"width": 10}]` minus the name).
    pub(crate) fn call(&mut self, method: &str, args: &[Js]) -> Outcome {
        let a0 = arg(args, 0);
        match method {
            "toFormat" => self.set_format(a0, arg(args, 1)),
            "jpeg" | "png" | "tiff" | "webp" | "avif" => self.format_options(method, a0),
            "resize" => self.resize(a0, arg(args, 1), arg(args, 2)),
            "extend" => self.set_extend(a0),
            "extract" => self.set_extract(a0),
            "rotate" => self.rotate(a0),
            "trim" => {
                let t = a0.get("threshold");
                self.trim = Some(if t.defined() { t.num().unwrap_or(10.0) } else { 10.0 });
                Ok(())
            }
            "flip" => {
                self.flip = !matches!(a0, Js::Bool(false));
                Ok(())
            }
            "flop" => {
                self.flop = !matches!(a0, Js::Bool(false));
                Ok(())
            }
            "greyscale" | "grayscale" => {
                self.greyscale = !matches!(a0, Js::Bool(false));
                Ok(())
            }
            "negate" => {
                self.negate = !matches!(a0, Js::Bool(false));
                Ok(())
            }
            "normalise" | "normalize" => {
                self.normalise = !matches!(a0, Js::Bool(false));
                Ok(())
            }
            "flatten" => {
                self.flatten = !matches!(a0, Js::Bool(false));
                Ok(())
            }
            "removeAlpha" => {
                self.remove_alpha = true;
                Ok(())
            }
            _ => self.pixel_call(method, args),
        }
    }

    /// The methods that change pixels, not the geometry.
    fn pixel_call(&mut self, method: &str, args: &[Js]) -> Outcome {
        let a0 = arg(args, 0);
        match method {
            "blur" => self.set_blur(a0),
            "sharpen" => {
                if let Js::Obj(_) = a0 {
                    let sigma = a0.get("sigma");
                    if !sigma.num().is_some_and(|s| in_range(s, 0.000_001, 10.0)) {
                        return Err(bad("options.sigma", "number between 0.000001 and 10", sigma));
                    }
                }
                self.sharpen = true;
                Ok(())
            }
            "median" => {
                let size = if a0.defined() {
                    int_in(a0, 1, 1000, "size", "integer between 1 and 1000")?
                } else {
                    3
                };
                self.median = u32::try_from(size).ok();
                Ok(())
            }
            "gamma" => {
                let g = if a0.defined() {
                    a0.num()
                        .filter(|g| in_range(*g, 1.0, 3.0))
                        .ok_or_else(|| bad("gamma", "number between 1.0 and 3.0", a0))?
                } else {
                    2.2
                };
                let out = arg(args, 1);
                if out.defined() && !out.num().is_some_and(|g| in_range(g, 1.0, 3.0)) {
                    return Err(bad("gammaOut", "number between 1.0 and 3.0", out));
                }
                self.gamma = Some(g);
                Ok(())
            }
            "threshold" => self.set_threshold(a0),
            "modulate" => self.set_modulate(a0),
            "tint" => {
                self.tint = Some(colour(a0, "tint")?);
                Ok(())
            }
            "linear" => self.set_linear(a0, arg(args, 1)),
            "recomb" => self.set_recomb(a0),
            "convolve" => self.set_convolve(a0),
            "clahe" => {
                if !matches!(a0, Js::Obj(_)) {
                    return Err(bad("options", "plain object", a0));
                }
                int_in(a0.get("width"), 1, 65536, "width", "integer between 1 and 65536")?;
                int_in(a0.get("height"), 1, 65536, "height", "integer between 1 and 65536")?;
                self.clahe = true;
                Ok(())
            }
            "toColorspace" | "toColourspace" => {
                let Some(space) = a0.str() else { return Err(bad("colourspace", "string", a0)) };
                self.greyscale |= matches!(space, "b-w" | "grey16");
                Ok(())
            }
            "ensureAlpha" => {
                if a0.defined() && !a0.num().is_some_and(|v| in_range(v, 0.0, 1.0)) {
                    return Err(bad("alpha", "number between 0 and 1", a0));
                }
                self.ensure_alpha = true;
                Ok(())
            }
            "extractChannel" => {
                let named = match a0.str() {
                    Some("red") => Some(0),
                    Some("green") => Some(1),
                    Some("blue") => Some(2),
                    Some("alpha") => Some(3),
                    _ => None,
                };
                let ch = match named {
                    Some(c) => c,
                    None => {
                        int_in(a0, 0, 4, "channel", "integer or one of: red, green, blue, alpha")?
                    }
                };
                self.extract_channel = usize::try_from(ch).ok();
                Ok(())
            }
            "bandbool" => {
                if !matches!(a0.str(), Some("and" | "or" | "eor")) {
                    return Err(bad("boolOp", "one of: and, or, eor", a0));
                }
                self.bandbool = true;
                Ok(())
            }
            other => {
                Err(Refusal::Internal(format!("transformer[method] is not a function ({other})")))
            }
        }
    }

    fn set_threshold(&mut self, a0: &Js) -> Outcome {
        let t = match a0 {
            Js::Undefined | Js::Null => 128,
            Js::Bool(b) => {
                if *b {
                    128
                } else {
                    0
                }
            }
            v => int_in(v, 0, 255, "threshold", "integer between 0 and 255")?,
        };
        self.threshold = u8::try_from(t).ok();
        Ok(())
    }

    fn set_linear(&mut self, a0: &Js, b1: &Js) -> Outcome {
        let a = if a0.defined() {
            a0.num().ok_or_else(|| bad("a", "number or array of numbers", a0))?
        } else {
            1.0
        };
        let b = if b1.defined() {
            b1.num().ok_or_else(|| bad("b", "number or array of numbers", b1))?
        } else {
            0.0
        };
        self.linear = Some((a, b));
        Ok(())
    }

    fn set_format(&mut self, format: &Js, options: &Js) -> Outcome {
        let name = match format {
            Js::Obj(_) => format.get("id").str().map(str::to_lowercase),
            Js::Str(s) => Some(s.to_lowercase()),
            _ => None,
        };
        let Some(found) = name.and_then(|n| FORMATS.iter().find(|(k, _)| *k == n)).map(|(_, f)| *f)
        else {
            let names: Vec<&str> = FORMATS.iter().map(|(k, _)| *k).collect();
            return Err(bad("format", &format!("one of: {}", names.join(", ")), format));
        };
        match found {
            Format::Heif if !options.get("compression").defined() => {
                return Err(bad("compression", "one of: av1, hevc", options.get("compression")));
            }
            Format::Jp2 => {
                return Err(Refusal::Internal(
                    "JP2 output requires libvips with support for OpenJPEG".into(),
                ));
            }
            Format::Jxl => {
                return Err(Refusal::Internal(
                    "VipsOperation: class \"jxlsave_buffer\" not found".into(),
                ));
            }
            _ => {}
        }
        self.quality_of(found, options)?;
        self.format = Some(found);
        Ok(())
    }

    /// `jpeg(options)`, `png(options)`, ...: options of that format, and that format.
    fn format_options(&mut self, method: &str, options: &Js) -> Outcome {
        let format = match method {
            "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "tiff" => Format::Tiff,
            "webp" => Format::Webp,
            _ => Format::Avif,
        };
        self.quality_of(format, options)?;
        self.format = Some(format);
        Ok(())
    }

    fn quality_of(&mut self, format: Format, options: &Js) -> Outcome {
        let q = options.get("quality");
        if !q.defined() {
            return Ok(());
        }
        let (lo, expected) = match format {
            Format::Png => (0, "integer between 0 and 100"),
            _ => (1, "integer between 1 and 100"),
        };
        let quality = int_in(q, lo, 100, "quality", expected)?;
        self.quality = u8::try_from(quality).ok();
        Ok(())
    }

    fn resize(&mut self, width_or_options: &Js, height: &Js, options: &Js) -> Outcome {
        let dimension = |v: &Js, name: &str| -> Result<u32, Refusal> {
            int_in(v, 1, 100_000_000, name, "positive integer between 1 and 100000000")
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        };
        let mut options = options.clone();
        if width_or_options.defined() {
            if matches!(width_or_options, Js::Obj(_)) && !options.defined() {
                options = width_or_options.clone();
            } else {
                self.width = Some(dimension(width_or_options, "width")?);
            }
        } else {
            self.width = None;
        }
        self.height = if height.defined() { Some(dimension(height, "height")?) } else { None };
        if let Js::Obj(_) = options {
            if options.get("width").defined() {
                self.width = Some(dimension(options.get("width"), "width")?);
            }
            if options.get("height").defined() {
                self.height = Some(dimension(options.get("height"), "height")?);
            }
            let fit = options.get("fit");
            if fit.defined() {
                self.fit = match fit.str() {
                    Some("cover") => Fit::Cover,
                    Some("contain") => Fit::Contain,
                    Some("fill") => Fit::Fill,
                    Some("inside") => Fit::Inside,
                    Some("outside") => Fit::Outside,
                    _ => return Err(bad("fit", "valid fit", fit)),
                };
            }
            for (key, slot) in [
                ("withoutEnlargement", &mut self.without_enlargement),
                ("withoutReduction", &mut self.without_reduction),
            ] {
                let v = options.get(key);
                if v.defined() {
                    let Js::Bool(b) = v else { return Err(bad(key, "boolean", v)) };
                    *slot = *b;
                }
            }
        }
        if (self.angle != 0 || self.rotation != 0.0) && self.resizes() {
            self.rotate_before = true;
        }
        Ok(())
    }

    /// sharp's `isResizeExpected`.
    pub(crate) fn resizes(&self) -> bool {
        self.width.is_some() || self.height.is_some()
    }

    fn set_extend(&mut self, extend: &Js) -> Outcome {
        if let Some(n) = extend.integer() {
            if !(1..=10000).contains(&n) {
                return Err(bad("extend", "integer between 1 and 10000", extend));
            }
            let n = u32::try_from(n).unwrap_or(0);
            self.extend = [n; 4];
            return Ok(());
        }
        if !matches!(extend, Js::Obj(_)) {
            return Err(bad("extend", "integer or object", extend));
        }
        for (i, side) in ["top", "bottom", "left", "right"].into_iter().enumerate() {
            let v = extend.get(side);
            if v.defined() {
                let n = int_in(v, 0, 10000, side, "integer between 0 and 10000")?;
                self.extend[i] = u32::try_from(n).unwrap_or(0);
            }
        }
        Ok(())
    }

    fn set_extract(&mut self, options: &Js) -> Outcome {
        if !matches!(options, Js::Obj(_) | Js::Arr(_) | Js::Str(_) | Js::Num(_) | Js::Bool(_)) {
            return Err(Refusal::Internal(format!(
                "Cannot read properties of {} (reading 'left')",
                options.text()
            )));
        }
        let mut values = [0u32; 4];
        for (i, name) in ["left", "top", "width", "height"].into_iter().enumerate() {
            let v = options.get(name);
            let n = int_in(v, 0, 100_000_000, name, "integer between 0 and 100000000")?;
            values[i] = u32::try_from(n).unwrap_or(u32::MAX);
        }
        let region =
            Region { left: values[0], top: values[1], width: values[2], height: values[3] };
        if self.resizes() || self.extract_pre.is_some() {
            self.extract_post = Some(region);
        } else {
            self.extract_pre = Some(region);
            if self.angle != 0 || self.rotation != 0.0 {
                self.rotate_before = true;
            }
        }
        Ok(())
    }

    fn rotate(&mut self, angle: &Js) -> Outcome {
        if !angle.defined() {
            // Orientation from EXIF: the mock reads none, so nothing turns.
            return Ok(());
        }
        self.angle = 0;
        self.rotation = 0.0;
        match (angle.integer(), angle.num()) {
            (Some(a), _) if a % 90 == 0 => self.angle = a.rem_euclid(360),
            (_, Some(a)) => self.rotation = a,
            _ => return Err(bad("angle", "numeric", angle)),
        }
        Ok(())
    }

    fn set_blur(&mut self, options: &Js) -> Outcome {
        let sigma = match options {
            Js::Num(n) => Js::Num(*n),
            Js::Obj(_) => {
                let s = options.get("sigma");
                if s.num().is_none() {
                    return Err(bad(
                        "options.sigma",
                        "number between 0.3 and 1000",
                        &Js::Undefined,
                    ));
                }
                s.clone()
            }
            _ => Js::Undefined,
        };
        match options {
            Js::Undefined | Js::Null => self.blur = Some(-1.0),
            Js::Bool(b) => self.blur = b.then_some(-1.0),
            _ => match sigma.num().filter(|s| in_range(*s, 0.3, 1000.0)) {
                Some(s) => self.blur = Some(s as f32),
                None => return Err(bad("sigma", "number between 0.3 and 1000", &sigma)),
            },
        }
        Ok(())
    }

    fn set_modulate(&mut self, options: &Js) -> Outcome {
        let Js::Obj(map) = options else { return Err(bad("options", "plain object", options)) };
        let mut m = (1.0, 1.0, 0, 0.0);
        for (key, v) in map {
            match key.as_str() {
                "brightness" => {
                    m.0 = v
                        .num()
                        .filter(|b| *b >= 0.0)
                        .ok_or_else(|| bad("brightness", "number above zero", v))?
                }
                "saturation" => {
                    m.1 = v
                        .num()
                        .filter(|s| *s >= 0.0)
                        .ok_or_else(|| bad("saturation", "number above zero", v))?
                }
                "hue" => m.2 = v.integer().ok_or_else(|| bad("hue", "number", v))? % 360,
                "lightness" => m.3 = v.num().ok_or_else(|| bad("lightness", "number", v))?,
                _ => {}
            }
        }
        self.modulate = Some(m);
        Ok(())
    }

    fn set_recomb(&mut self, matrix: &Js) -> Outcome {
        let Js::Arr(rows) = matrix else { return Err(bad("inputMatrix", "array", matrix)) };
        if rows.len() != 3 && rows.len() != 4 {
            return Err(bad("inputMatrix", "3x3 or 4x4 array", &Js::Num(rows.len() as f64)));
        }
        let n = rows.len();
        let mut out = Vec::with_capacity(n);
        for row in rows {
            let Js::Arr(cells) = row else {
                return Err(bad(
                    "inputMatrix",
                    &format!("array of {n} arrays of length {n}"),
                    matrix,
                ));
            };
            if cells.len() != n {
                return Err(bad(
                    "inputMatrix",
                    &format!("array of {n} arrays of length {n}"),
                    matrix,
                ));
            }
            let nums: Option<Vec<f64>> = cells.iter().map(Js::num).collect();
            out.push(nums.ok_or_else(|| bad("inputMatrix", "array of numbers", matrix))?);
        }
        self.recomb = Some(out);
        Ok(())
    }

    fn set_convolve(&mut self, kernel: &Js) -> Outcome {
        let (w, h) = (kernel.get("width").integer(), kernel.get("height").integer());
        let values: Option<Vec<f32>> = match kernel.get("kernel") {
            Js::Arr(items) => items.iter().map(|v| v.num().map(|n| n as f32)).collect(),
            _ => None,
        };
        match (w, h, values) {
            (Some(w @ 3..=1001), Some(h @ 3..=1001), Some(k)) if (w * h) as usize == k.len() => {
                self.convolve =
                    Some((u32::try_from(w).unwrap_or(3), u32::try_from(h).unwrap_or(3), k));
                Ok(())
            }
            _ => Err(Refusal::Query("Invalid convolution kernel".into())),
        }
    }
}

/// A colour as sharp reads one for `tint` (`#rrggbb`, `#rgb`, a few names, `{r, g, b}`).
fn colour(v: &Js, name: &str) -> Result<[u8; 3], Refusal> {
    let channel = |x: &Js| x.num().map(|n| n.clamp(0.0, 255.0) as u8);
    match v {
        Js::Obj(_) => match (channel(v.get("r")), channel(v.get("g")), channel(v.get("b"))) {
            (Some(r), Some(g), Some(b)) => Ok([r, g, b]),
            _ => Err(bad(name, "object or string", v)),
        },
        Js::Str(s) => named_colour(s)
            .ok_or_else(|| Refusal::Query(format!("Unable to parse color from string: {s}"))),
        _ => Err(bad(name, "object or string", v)),
    }
}

fn named_colour(s: &str) -> Option<[u8; 3]> {
    let s = s.trim().to_ascii_lowercase();
    if let Some(hex) = s.strip_prefix('#') {
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
            .collect::<Option<_>>()?;
        return match digits.as_slice() {
            [r, g, b] => Some([r * 17, g * 17, b * 17]),
            [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
            _ => None,
        };
    }
    Some(match s.as_str() {
        "red" => [255, 0, 0],
        "green" => [0, 128, 0],
        "blue" => [0, 0, 255],
        "black" => [0, 0, 0],
        "white" => [255, 255, 255],
        "yellow" => [255, 255, 0],
        "orange" => [255, 165, 0],
        "purple" => [128, 0, 128],
        "grey" | "gray" => [128, 128, 128],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(method: &str, args: serde_json::Value) -> Result<Pipeline, Refusal> {
        let mut p = Pipeline::default();
        let args: Vec<Js> = args.as_array().unwrap().iter().map(Js::from_json).collect();
        p.call(method, &args)?;
        Ok(p)
    }

    #[test]
    fn arguments_are_checked_as_sharp_checks_them() {
        assert_eq!(
            call("blur", json!([-3])),
            Err(Refusal::Query(
                "Expected number between 0.3 and 1000 for sigma but received -3 of type number"
                    .into()
            ))
        );
        assert_eq!(
            call("rotate", json!(["abc"])),
            Err(Refusal::Query(
                "Expected numeric for angle but received abc of type string".into()
            ))
        );
        assert!(
            matches!(call("toFormat", json!(["bmp"])), Err(Refusal::Query(m)) if m.starts_with("Expected one of: heic, heif, avif"))
        );
        assert!(matches!(call("toFormat", json!(["jxl"])), Err(Refusal::Internal(_))));
        assert_eq!(call("rotate", json!([90])).unwrap().angle, 90);
        assert_eq!(call("resize", json!([10, 20])).unwrap().height, Some(20));
        let p = call("extract", json!([{"left": 0, "top": 0, "width": 10, "height": 5}])).unwrap();
        assert_eq!(p.extract_pre.map(|r| r.width), Some(10));
    }

    #[test]
    fn a_later_resize_replaces_an_earlier_one() {
        let mut p = Pipeline::default();
        p.call("resize", &[Js::from_json(&json!({"width": 20}))]).unwrap();
        p.call("resize", &[Js::from_json(&json!({"width": 10}))]).unwrap();
        assert_eq!(p.width, Some(10));
    }
}
