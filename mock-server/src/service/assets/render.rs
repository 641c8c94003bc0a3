//! Runs a sharp [`Pipeline`] with the `image` crate, in sharp's order:
//! trim, rotation (first when it comes with a resize or crop), the crop
//! before the resize, the resize with its fit, the crop after it, padding,
//! mirroring, then the pixel operations and the encoder. The output has the
//! dimensions, format and media type sharp's would; its pixels are this
//! mock's own approximation (a Lanczos resize, a Gaussian blur, ...).

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, GenericImageView, ImageFormat, Rgba, RgbaImage};

use super::sharp::{Fit, Format, Pipeline, Region};

/// Why rendering failed: both are internal errors (sharp's own failures).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RenderError(pub(crate) String);

/// The encoded result.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub(crate) bytes: Vec<u8>,
}

/// The decoder's message for a damaged input, worded like libvips'.
fn decode_error(media_type: &str) -> RenderError {
    RenderError(match media_type {
        "image/png" => "vipspng: libpng read error".into(),
        "image/jpeg" => "VipsJpeg: premature end of JPEG image".into(),
        "image/webp" => "webp2vips: unable to read pixels".into(),
        "image/tiff" => "tiff2vips: unable to read pixels".into(),
        other => format!("Input buffer has corrupt header: {other}"),
    })
}

fn input_format(media_type: &str) -> Option<ImageFormat> {
    Some(match media_type {
        "image/png" => ImageFormat::Png,
        "image/jpeg" => ImageFormat::Jpeg,
        "image/webp" => ImageFormat::WebP,
        "image/tiff" => ImageFormat::Tiff,
        "image/gif" => ImageFormat::Gif,
        _ => return None,
    })
}

/// A PNG decoded row by row as far as its data goes, the missing rows left
/// transparent black: what sharp renders of a truncated PNG when told to fail
/// on nothing (`failOn: 'none'`). `None` when not even the header is readable.
fn partial_png(bytes: &[u8]) -> Option<DynamicImage> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let (width, height) = reader.info().size();
    let (color, _) = reader.output_color_type();
    let channels: usize = match color {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return None,
    };
    if reader.info().interlaced {
        return None;
    }
    let mut out = RgbaImage::new(width, height);
    let mut y = 0;
    while let Ok(Some(row)) = reader.next_row() {
        if y >= height {
            break;
        }
        for (x, px) in row.data().chunks_exact(channels).take(width as usize).enumerate() {
            let rgba = match *px {
                [g] => [g, g, g, 255],
                [g, a] => [g, g, g, a],
                [r, g, b] => [r, g, b, 255],
                [r, g, b, a] => [r, g, b, a],
                _ => [0, 0, 0, 0],
            };
            out.put_pixel(x as u32, y, Rgba(rgba));
        }
        y += 1;
    }
    Some(DynamicImage::ImageRgba8(out))
}

/// Whether a JPEG's data reaches its end-of-image marker. The decoder the
/// mock uses fills in a truncated JPEG silently, where libjpeg warns
/// ("premature end of JPEG image") and sharp fails on the warning. The walk
/// skips marker segments (an EXIF thumbnail's own end marker sits inside one),
/// then scans entropy-coded data, where 0xFF is followed only by a stuffed
/// zero, a restart marker, or a real marker.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut i = 2;
    let mut in_scan = false;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            if !in_scan {
                return false;
            }
            i += 1;
            continue;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            0x00 | 0xFF | 0xD0..=0xD7 | 0x01 => {
                i += if marker == 0xFF { 1 } else { 2 };
                continue;
            }
            _ => {}
        }
        let Some(len) =
            bytes.get(i + 2..i + 4).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return false;
        };
        i += 2 + len;
        in_scan = marker == 0xDA;
    }
    false
}

/// Decodes an input: strictly, or, with `lenient` (a sensitivity level of
/// `none`), a damaged PNG as far as it goes and a truncated JPEG as the
/// decoder fills it in.
fn decode(bytes: &[u8], media_type: &str, lenient: bool) -> Result<DynamicImage, RenderError> {
    let Some(format) = input_format(media_type) else {
        return Err(RenderError(format!(
            "the mock cannot decode {media_type} images (no decoder for it is built in)"
        )));
    };
    if format == ImageFormat::Jpeg && !lenient && !jpeg_complete(bytes) {
        return Err(decode_error(media_type));
    }
    match image::load_from_memory_with_format(bytes, format) {
        Ok(img) => Ok(img),
        Err(_) if lenient && format == ImageFormat::Png => {
            partial_png(bytes).ok_or_else(|| decode_error(media_type))
        }
        Err(_) => Err(decode_error(media_type)),
    }
}

/// libvips streams an image into a PNG when the pipeline only resizes (or only
/// re-encodes): a damaged input then also fails the writer, and sharp's
/// message has its second line. Operations that need the whole image first
/// (flip, rotate, blur, ...) and other output formats fail before writing.
/// Observed on Directus 12.4 with a truncated PNG and a truncated JPEG.
fn streamed_png_error(e: RenderError, p: &Pipeline, out: Format) -> RenderError {
    let resized_only = Pipeline {
        width: None,
        height: None,
        fit: Fit::default(),
        without_enlargement: false,
        without_reduction: false,
        format: None,
        quality: None,
        ..p.clone()
    } == Pipeline::default();
    let streamed = ["vipspng: libpng read error", "VipsJpeg: premature end of JPEG image"];
    if resized_only && out == Format::Png && streamed.contains(&e.0.as_str()) {
        RenderError(format!("{}\nvips2png: unable to write to target target", e.0))
    } else {
        e
    }
}

/// Decodes, transforms and encodes one image. `lenient` renders damaged
/// inputs as far as they decode (`ASSETS_INVALID_IMAGE_SENSITIVITY_LEVEL=none`).
pub(crate) fn render(
    bytes: &[u8],
    media_type: &str,
    p: &Pipeline,
    lenient: bool,
) -> Result<Rendered, RenderError> {
    let out = p.format.unwrap_or_else(|| Format::of_media_type(media_type));
    let mut img = decode(bytes, media_type, lenient).map_err(|e| streamed_png_error(e, p, out))?;
    img = geometry(img, p)?;
    img = pixels(img, p);
    Ok(Rendered { bytes: encode(&img, out, p.quality)? })
}

fn crop(img: &DynamicImage, r: Region) -> Result<DynamicImage, RenderError> {
    let (w, h) = img.dimensions();
    let fits = r.width > 0
        && r.height > 0
        && r.left.checked_add(r.width).is_some_and(|x| x <= w)
        && r.top.checked_add(r.height).is_some_and(|y| y <= h);
    if !fits {
        return Err(RenderError("extract_area: bad extract area".into()));
    }
    Ok(img.crop_imm(r.left, r.top, r.width, r.height))
}

fn rotate(img: DynamicImage, p: &Pipeline) -> DynamicImage {
    let img = match p.angle {
        90 => img.rotate90(),
        180 => img.rotate180(),
        270 => img.rotate270(),
        _ => img,
    };
    if p.rotation == 0.0 { img } else { rotate_any(&img, p.rotation) }
}

/// A rotation by any angle, on a canvas that holds the whole result (black corners).
fn rotate_any(img: &DynamicImage, degrees: f64) -> DynamicImage {
    let src = img.to_rgba8();
    let (w, h) = (f64::from(src.width()), f64::from(src.height()));
    let (sin, cos) = degrees.to_radians().sin_cos();
    let nw = (w * cos.abs() + h * sin.abs()).round().max(1.0);
    let nh = (w * sin.abs() + h * cos.abs()).round().max(1.0);
    let mut out = RgbaImage::from_pixel(nw as u32, nh as u32, Rgba([0, 0, 0, 255]));
    let (cx, cy, ncx, ncy) = (w / 2.0, h / 2.0, nw / 2.0, nh / 2.0);
    for (x, y, px) in out.enumerate_pixels_mut() {
        let (dx, dy) = (f64::from(x) + 0.5 - ncx, f64::from(y) + 0.5 - ncy);
        let sx = dx * cos + dy * sin + cx;
        let sy = -dx * sin + dy * cos + cy;
        if sx >= 0.0 && sy >= 0.0 && sx < w && sy < h {
            *px = *src.get_pixel(sx as u32, sy as u32);
        }
    }
    DynamicImage::ImageRgba8(out)
}

/// The size a resize produces and, for `cover` and `contain`, the box it is
/// cropped to or embedded in (Directus' `calculateResize`, which mirrors sharp).
fn resize_plan(w: u32, h: u32, p: &Pipeline) -> Option<((u32, u32), Option<(u32, u32)>)> {
    let (fw, fh) = (f64::from(w), f64::from(h));
    let clamp = |scale: f64| {
        if p.without_enlargement {
            scale.min(1.0)
        } else if p.without_reduction {
            scale.max(1.0)
        } else {
            scale
        }
    };
    let scaled = |s: f64| ((fw * s).round().max(1.0) as u32, (fh * s).round().max(1.0) as u32);
    match (p.width, p.height) {
        (None, None) => None,
        (Some(tw), None) => Some((scaled(clamp(f64::from(tw) / fw)), None)),
        (None, Some(th)) => Some((scaled(clamp(f64::from(th) / fh)), None)),
        (Some(tw), Some(th)) => {
            let (sx, sy) = (f64::from(tw) / fw, f64::from(th) / fh);
            Some(match p.fit {
                Fit::Inside => (scaled(clamp(sx.min(sy))), None),
                Fit::Outside => (scaled(clamp(sx.max(sy))), None),
                Fit::Fill => ((tw, th), None),
                Fit::Cover => {
                    let s = clamp(sx.max(sy));
                    let size = scaled(s);
                    (size, Some((tw.min(size.0), th.min(size.1))))
                }
                Fit::Contain => (scaled(clamp(sx.min(sy))), Some((tw, th))),
            })
        }
    }
}

fn resize(img: DynamicImage, p: &Pipeline) -> DynamicImage {
    let (w, h) = img.dimensions();
    let Some(((rw, rh), frame)) = resize_plan(w, h, p) else { return img };
    let resized =
        if (rw, rh) == (w, h) { img } else { img.resize_exact(rw, rh, FilterType::Triangle) };
    match (p.fit, frame) {
        (Fit::Cover, Some((cw, ch))) => {
            let left = (rw - cw) / 2;
            let top = (rh - ch) / 2;
            resized.crop_imm(left, top, cw, ch)
        }
        (Fit::Contain, Some((bw, bh))) if (bw, bh) != (rw, rh) => {
            let mut canvas = RgbaImage::from_pixel(bw, bh, Rgba([0, 0, 0, 255]));
            let left = i64::from(bw.saturating_sub(rw) / 2);
            let top = i64::from(bh.saturating_sub(rh) / 2);
            image::imageops::overlay(&mut canvas, &resized.to_rgba8(), left, top);
            DynamicImage::ImageRgba8(canvas)
        }
        _ => resized,
    }
}

fn extend(img: DynamicImage, [top, bottom, left, right]: [u32; 4]) -> DynamicImage {
    if top + bottom + left + right == 0 {
        return img;
    }
    let (w, h) = img.dimensions();
    let mut canvas =
        RgbaImage::from_pixel(w + left + right, h + top + bottom, Rgba([0, 0, 0, 255]));
    image::imageops::overlay(&mut canvas, &img.to_rgba8(), i64::from(left), i64::from(top));
    DynamicImage::ImageRgba8(canvas)
}

/// Crops away the border that looks like the top-left pixel (sharp's `trim`).
fn trim(img: DynamicImage, threshold: f64) -> DynamicImage {
    let rgba = img.to_rgba8();
    let corner = *rgba.get_pixel(0, 0);
    let differs = |p: &Rgba<u8>| {
        p.0.iter().zip(corner.0.iter()).any(|(a, b)| f64::from(a.abs_diff(*b)) > threshold)
    };
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for (x, y, p) in rgba.enumerate_pixels() {
        if differs(p) {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    if x0 == u32::MAX {
        return img;
    }
    img.crop_imm(x0, y0, x1 - x0 + 1, y1 - y0 + 1)
}

fn geometry(mut img: DynamicImage, p: &Pipeline) -> Result<DynamicImage, RenderError> {
    if let Some(t) = p.trim {
        img = trim(img, t);
    }
    if p.rotate_before {
        img = rotate(img, p);
    }
    if let Some(r) = p.extract_pre {
        img = crop(&img, r)?;
    }
    img = resize(img, p);
    if !p.rotate_before {
        img = rotate(img, p);
    }
    if p.flip {
        img = img.flipv();
    }
    if p.flop {
        img = img.fliph();
    }
    if let Some(r) = p.extract_post {
        img = crop(&img, r)?;
    }
    Ok(extend(img, p.extend))
}

/// Applies `f` to every colour channel of every pixel (alpha stays).
fn map_rgb(img: DynamicImage, f: impl Fn(u8) -> u8) -> DynamicImage {
    let mut rgba = img.to_rgba8();
    for px in rgba.pixels_mut() {
        for c in &mut px.0[..3] {
            *c = f(*c);
        }
    }
    DynamicImage::ImageRgba8(rgba)
}

fn pixels(mut img: DynamicImage, p: &Pipeline) -> DynamicImage {
    if p.flatten || p.remove_alpha {
        img = DynamicImage::ImageRgb8(img.to_rgb8());
    }
    if p.ensure_alpha {
        img = DynamicImage::ImageRgba8(img.to_rgba8());
    }
    if let Some(g) = p.gamma {
        img = map_rgb(img, |c| (255.0 * (f64::from(c) / 255.0).powf(1.0 / g)).round() as u8);
    }
    if p.negate {
        img.invert();
    }
    if let Some(sigma) = p.blur {
        img = img.blur(if sigma < 0.0 { 0.5 } else { sigma });
    }
    if p.sharpen {
        img = img.unsharpen(1.0, 2);
    }
    if let Some(size) = p.median {
        // A box filter of the median's size stands in for the median.
        img = img.blur(size as f32 / 3.0);
    }
    if let Some((w, h, kernel)) = &p.convolve
        && *w == 3
        && *h == 3
    {
        let k: [f32; 9] = std::array::from_fn(|i| kernel[i]);
        img = img.filter3x3(&k);
    }
    if let Some((a, b)) = p.linear {
        img = map_rgb(img, |c| (a * f64::from(c) + b).clamp(0.0, 255.0) as u8);
    }
    if let Some(m) = &p.recomb {
        img = recomb(img, m);
    }
    if let Some((brightness, saturation, hue, lightness)) = p.modulate {
        img = img.huerotate(i32::try_from(hue).unwrap_or(0));
        img = map_rgb(img, |c| (f64::from(c) * brightness + lightness).clamp(0.0, 255.0) as u8);
        if saturation < 1.0 {
            img = blend_grey(img, 1.0 - saturation);
        }
    }
    if let Some([r, g, b]) = p.tint {
        img = tint(img, [r, g, b]);
    }
    if p.normalise || p.clahe {
        img = normalise(img);
    }
    if p.greyscale || p.bandbool {
        img = DynamicImage::ImageLuma8(img.to_luma8());
    }
    if let Some(t) = p.threshold {
        let luma = img.to_luma8();
        let mut out = luma.clone();
        for (o, i) in out.pixels_mut().zip(luma.pixels()) {
            o.0[0] = if i.0[0] >= t { 255 } else { 0 };
        }
        img = DynamicImage::ImageLuma8(out);
    }
    if let Some(ch) = p.extract_channel {
        let rgba = img.to_rgba8();
        let plane = image::GrayImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            image::Luma([rgba.get_pixel(x, y).0[ch.min(3)]])
        });
        img = DynamicImage::ImageLuma8(plane);
    }
    img
}

fn recomb(img: DynamicImage, m: &[Vec<f64>]) -> DynamicImage {
    let mut rgba = img.to_rgba8();
    for px in rgba.pixels_mut() {
        let input = [f64::from(px.0[0]), f64::from(px.0[1]), f64::from(px.0[2])];
        for (row, out) in m.iter().take(3).zip(px.0.iter_mut()) {
            let v: f64 = row.iter().zip(input.iter()).map(|(a, b)| a * b).sum();
            *out = v.clamp(0.0, 255.0) as u8;
        }
    }
    DynamicImage::ImageRgba8(rgba)
}

fn blend_grey(img: DynamicImage, amount: f64) -> DynamicImage {
    let mut rgba = img.to_rgba8();
    for px in rgba.pixels_mut() {
        let [r, g, b, _] = px.0;
        let grey = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
        for c in &mut px.0[..3] {
            *c = (f64::from(*c) * (1.0 - amount) + grey * amount).round() as u8;
        }
    }
    DynamicImage::ImageRgba8(rgba)
}

fn tint(img: DynamicImage, colour: [u8; 3]) -> DynamicImage {
    let mut rgba = img.to_rgba8();
    for px in rgba.pixels_mut() {
        let [r, g, b, _] = px.0;
        let luma = (0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)) / 255.0;
        for (c, t) in px.0[..3].iter_mut().zip(colour) {
            *c = (luma * f64::from(t)).round() as u8;
        }
    }
    DynamicImage::ImageRgba8(rgba)
}

/// Stretches the colour range to the full 0–255 (sharp's `normalise`).
fn normalise(img: DynamicImage) -> DynamicImage {
    let luma = img.to_luma8();
    let (lo, hi) = luma.pixels().fold((255u8, 0u8), |(lo, hi), p| (lo.min(p.0[0]), hi.max(p.0[0])));
    if hi <= lo {
        return img;
    }
    let span = f64::from(hi - lo);
    map_rgb(img, |c| ((f64::from(c.saturating_sub(lo)) / span) * 255.0).clamp(0.0, 255.0) as u8)
}

/// Encodes in the output format; sharp's defaults where no quality was asked for.
fn encode(img: &DynamicImage, format: Format, quality: Option<u8>) -> Result<Vec<u8>, RenderError> {
    let mut out = Cursor::new(Vec::new());
    let fail = |e: image::ImageError| RenderError(format!("the image could not be encoded: {e}"));
    match format {
        Format::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let q = quality.unwrap_or(80).clamp(1, 100);
            rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q))
                .map_err(fail)?;
        }
        Format::Png => img.write_to(&mut out, ImageFormat::Png).map_err(fail)?,
        Format::Webp => {
            let rgba = DynamicImage::ImageRgba8(img.to_rgba8());
            rgba.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))
                .map_err(fail)?;
        }
        Format::Tiff => img.write_to(&mut out, ImageFormat::Tiff).map_err(fail)?,
        Format::Gif => {
            DynamicImage::ImageRgba8(img.to_rgba8())
                .write_to(&mut out, ImageFormat::Gif)
                .map_err(fail)?;
        }
        Format::Avif => {
            let q = quality.unwrap_or(50).clamp(1, 100);
            let rgba = DynamicImage::ImageRgba8(img.to_rgba8());
            rgba.write_with_encoder(image::codecs::avif::AvifEncoder::new_with_speed_quality(
                &mut out, 10, q,
            ))
            .map_err(fail)?;
        }
        Format::Raw => return Ok(img.to_rgb8().into_raw()),
        Format::Heif | Format::Tile | Format::Jp2 | Format::Jxl => {
            return Err(RenderError(format!("the mock writes no {format:?} output")));
        }
    }
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::assets::js::Js;
    use serde_json::json;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 4) as u8, (y * 5) as u8, 128])
        }));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn dims(transforms: serde_json::Value) -> (u32, u32) {
        let mut p = Pipeline::default();
        for t in transforms.as_array().unwrap() {
            let t = t.as_array().unwrap();
            let args: Vec<Js> = t[1..].iter().map(Js::from_json).collect();
            p.call(t[0].as_str().unwrap(), &args).unwrap();
        }
        let out = render(&png(64, 48), "image/png", &p, false).unwrap();
        let img = image::load_from_memory(&out.bytes).unwrap();
        img.dimensions()
    }

    #[test]
    fn sizes_are_sharps() {
        // Observed on Directus 12.4 with a 64x48 PNG.
        assert_eq!(dims(json!([["resize", {"width": 32}]])), (32, 24));
        assert_eq!(dims(json!([["resize", {"height": 12}]])), (16, 12));
        assert_eq!(dims(json!([["resize", {"width": 32, "height": 32}]])), (32, 32));
        assert_eq!(
            dims(json!([["resize", {"width": 32, "height": 32, "fit": "contain"}]])),
            (32, 32)
        );
        assert_eq!(
            dims(json!([["resize", {"width": 32, "height": 32, "fit": "inside"}]])),
            (32, 24)
        );
        assert_eq!(
            dims(json!([["resize", {"width": 32, "height": 32, "fit": "outside"}]])),
            (43, 32)
        );
        assert_eq!(dims(json!([["rotate", 90]])), (48, 64));
        assert_eq!(dims(json!([["extend", 5]])), (74, 58));
        assert_eq!(dims(json!([["resize", 10, 20]])), (10, 20));
        assert_eq!(
            dims(json!([["extract", {"left": 0, "top": 0, "width": 10, "height": 5}]])),
            (10, 5)
        );
        assert_eq!(
            dims(json!([["resize", {"width": 10}], ["flip"], ["flop"], ["greyscale"], ["negate"]])),
            (10, 8)
        );
    }

    #[test]
    fn a_bad_crop_is_libvips_error() {
        let mut p = Pipeline::default();
        p.call(
            "extract",
            &[Js::from_json(&json!({"left": 60, "top": 0, "width": 10, "height": 5}))],
        )
        .unwrap();
        assert_eq!(
            render(&png(64, 48), "image/png", &p, false).unwrap_err().0,
            "extract_area: bad extract area"
        );
    }

    #[test]
    fn a_truncated_jpeg_is_refused_unless_lenient() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 4) as u8, (y * 5) as u8, 128])
        }));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        let whole = out.into_inner();
        assert!(jpeg_complete(&whole));
        let cut = &whole[..whole.len() * 2 / 3];
        assert!(!jpeg_complete(cut));
        let mut p = Pipeline::default();
        p.call("resize", &[Js::from_json(&json!({"width": 32}))]).unwrap();
        assert!(render(&whole, "image/jpeg", &p, false).is_ok());
        assert_eq!(
            render(cut, "image/jpeg", &p, false).unwrap_err().0,
            "VipsJpeg: premature end of JPEG image"
        );
        p.format = Some(Format::Png);
        assert_eq!(
            render(cut, "image/jpeg", &p, false).unwrap_err().0,
            "VipsJpeg: premature end of JPEG image\nvips2png: unable to write to target target"
        );
        assert!(render(cut, "image/jpeg", &p, true).is_ok());
    }

    #[test]
    fn a_truncated_png_renders_only_when_lenient() {
        let whole = png(64, 48);
        let cut = &whole[..whole.len() / 2];
        let mut p = Pipeline::default();
        p.call("resize", &[Js::from_json(&json!({"width": 32}))]).unwrap();
        assert_eq!(
            render(cut, "image/png", &p, false).unwrap_err().0,
            "vipspng: libpng read error\nvips2png: unable to write to target target"
        );
        let mut to_jpeg = p.clone();
        to_jpeg.format = Some(Format::Jpeg);
        assert_eq!(
            render(cut, "image/png", &to_jpeg, false).unwrap_err().0,
            "vipspng: libpng read error"
        );
        let mut flipped = p.clone();
        flipped.call("flip", &[]).unwrap();
        assert_eq!(
            render(cut, "image/png", &flipped, false).unwrap_err().0,
            "vipspng: libpng read error"
        );
        let out = render(cut, "image/png", &p, true).unwrap();
        assert_eq!(image::load_from_memory(&out.bytes).unwrap().dimensions(), (32, 24));
        // Without a readable header there is nothing to render, leniently or not.
        assert!(render(&whole[..20], "image/png", &p, true).is_err());
    }
}
