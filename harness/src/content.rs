//! File contents a scenario names instead of shipping binary fixtures:
//! `png 40x20`, `jpeg 64x48`, `plain png 150x50` (one colour), `text hello`, `bytes 1024`, `corrupt png`,
//! `truncated png 40x20` and `truncated jpeg 64x48` (a whole header, the pixel data cut short), `halves png 40x20`
//! (the left half red, the right half blue),
//! `empty`. The same name always gives the same bytes, so a scenario can
//! upload a content and later compare what the server returns with it.

use std::io::Cursor;

use anyhow::{Context as _, Result, anyhow, bail};
use image::{ImageFormat, Rgb, RgbImage};

/// The bytes a content name stands for.
pub(crate) fn generate(spec: &str) -> Result<Vec<u8>> {
    let spec = spec.trim();
    let (kind, arg) = spec.split_once(' ').unwrap_or((spec, ""));
    match kind {
        "empty" if arg.is_empty() => Ok(Vec::new()),
        "text" => Ok(arg.as_bytes().to_vec()),
        "bytes" => {
            let n: usize =
                arg.parse().map_err(|_| anyhow!("`bytes <n>` needs a count: {spec:?}"))?;
            Ok(pseudo_random(n))
        }
        "png" => image(arg, ImageFormat::Png, true),
        "jpeg" => image(arg, ImageFormat::Jpeg, true),
        // One colour: a large image in few bytes (under an upload limit).
        "plain" => match arg.split_once(' ') {
            Some(("png", size)) => image(size, ImageFormat::Png, false),
            _ => bail!("`plain png <w>x<h>` is the one plain content: {spec:?}"),
        },
        // Left half pure red, right half pure blue: which side a crop keeps shows in its pixels.
        "halves" => match arg.split_once(' ') {
            Some(("png", size)) => {
                let (w, h) = dimensions(size)?;
                if w < 2 || h == 0 || w > 4000 || h > 4000 {
                    bail!("halves of {w}x{h}: widths go from 2 to 4000, heights from 1");
                }
                let img = RgbImage::from_fn(w, h, |x, _| {
                    if x < w / 2 { Rgb([255, 0, 0]) } else { Rgb([0, 0, 255]) }
                });
                let mut out = Cursor::new(Vec::new());
                img.write_to(&mut out, ImageFormat::Png).context("encoding a png image")?;
                Ok(out.into_inner())
            }
            _ => bail!("`halves png <w>x<h>` is the one halves content: {spec:?}"),
        },
        // `png <w>x<h>` or `jpeg <w>x<h>` cut two thirds of the way: its header
        // whole, its pixel data short.
        "truncated" => {
            let mut whole = match arg.split_once(' ') {
                Some(("png", size)) => image(size, ImageFormat::Png, true)?,
                Some(("jpeg", size)) => image(size, ImageFormat::Jpeg, true)?,
                _ => bail!("`truncated png|jpeg <w>x<h>` are the truncated contents: {spec:?}"),
            };
            whole.truncate(whole.len() * 2 / 3);
            Ok(whole)
        }
        // A PNG signature followed by bytes no decoder accepts.
        "corrupt" if arg == "png" => {
            let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
            out.extend_from_slice(b"this is not the rest of a PNG image");
            Ok(out)
        }
        _ => bail!(
            "unknown content {spec:?}: use png <w>x<h>, jpeg <w>x<h>, plain png <w>x<h>, truncated png|jpeg <w>x<h>, halves png <w>x<h>, text <text>, bytes <n>, corrupt png or empty"
        ),
    }
}

/// `<w>x<h>`.
pub(crate) fn dimensions(text: &str) -> Result<(u32, u32)> {
    let (w, h) = text.split_once('x').ok_or_else(|| anyhow!("{text:?} is not <width>x<height>"))?;
    let parse = |v: &str| v.parse::<u32>().map_err(|_| anyhow!("{text:?} is not <width>x<height>"));
    Ok((parse(w)?, parse(h)?))
}

/// An image of that size: a gradient (so encoders cannot reduce it to one
/// colour), or one colour when not `gradient`.
fn image(size: &str, format: ImageFormat, gradient: bool) -> Result<Vec<u8>> {
    let (w, h) = dimensions(size)?;
    if w == 0 || h == 0 || w > 4000 || h > 4000 {
        bail!("an image of {w}x{h}: sizes go from 1 to 4000");
    }
    let img = RgbImage::from_fn(w, h, |x, y| {
        if gradient {
            Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ((x + y) % 256) as u8])
        } else {
            Rgb([200, 40, 40])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).with_context(|| format!("encoding a {format:?} image"))?;
    Ok(out.into_inner())
}

/// `n` bytes of a fixed xorshift sequence.
fn pseudo_random(n: usize) -> Vec<u8> {
    let mut state: u32 = 0x9e37_79b9;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// An image's format name (`png`, `jpeg`, `webp`, `tiff`, `avif`, `gif`) and size, from its header.
pub(crate) fn image_info(bytes: &[u8]) -> Option<(String, u32, u32)> {
    let kind = imagesize::image_type(bytes).ok()?;
    let name = match kind {
        imagesize::ImageType::Png => "png",
        imagesize::ImageType::Jpeg => "jpeg",
        imagesize::ImageType::Webp => "webp",
        imagesize::ImageType::Tiff => "tiff",
        imagesize::ImageType::Gif => "gif",
        imagesize::ImageType::Heif(_) => "avif",
        _ => "other",
    };
    let size = imagesize::blob_size(bytes).ok()?;
    Some((name.to_owned(), u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_are_stable_and_images_have_their_size() {
        assert_eq!(generate("bytes 5").unwrap(), generate("bytes 5").unwrap());
        assert_eq!(generate("bytes 1024").unwrap().len(), 1024);
        assert_eq!(generate("text hello world").unwrap(), b"hello world");
        assert!(generate("empty").unwrap().is_empty());
        let png = generate("png 40x20").unwrap();
        assert_eq!(image_info(&png), Some(("png".to_owned(), 40, 20)));
        let jpeg = generate("jpeg 7x3").unwrap();
        assert_eq!(image_info(&jpeg), Some(("jpeg".to_owned(), 7, 3)));
        assert!(image::load_from_memory(&generate("corrupt png").unwrap()).is_err());
        let halves = image::load_from_memory(&generate("halves png 40x20").unwrap()).unwrap();
        assert_eq!(halves.to_rgb8().get_pixel(19, 0).0, [255, 0, 0]);
        assert_eq!(halves.to_rgb8().get_pixel(20, 19).0, [0, 0, 255]);
        let truncated = generate("truncated png 40x20").unwrap();
        assert_eq!(image_info(&truncated), Some(("png".to_owned(), 40, 20)));
        assert!(image::load_from_memory(&truncated).is_err());
        let truncated = generate("truncated jpeg 64x48").unwrap();
        assert_eq!(image_info(&truncated), Some(("jpeg".to_owned(), 64, 48)));
        assert!(!truncated.ends_with(&[0xFF, 0xD9]));
        let plain = generate("plain png 150x50").unwrap();
        assert_eq!(image_info(&plain), Some(("png".to_owned(), 150, 50)));
        assert!(plain.len() < 1000);
        assert!(generate("png 0x1").is_err());
        assert!(generate("gif 1x1").is_err());
    }
}
