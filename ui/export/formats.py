"""The export formats: one registry, one writer per format, every file with its manifest.

A writer takes the figure source, the figure request and the target path. Pictures are painted
into memory (a QImage, a QSvgGenerator or a QPdfWriter on a QBuffer), then written with
:func:`simulator.atomic.atomic_open`, so an export appears whole under its name or not at all,
and a failure is a :class:`~simulator.BiasLoopError` naming the path and the reason.

Where the manifest goes (the same text as the comment lines of a CSV, from
:func:`simulator.csvio.manifest_lines`):

* PNG: text chunks (``Title``, ``Software``, ``Description`` and ``bias-loop manifest``);
* SVG: ``<title>``, ``<desc>`` and a ``<metadata>`` element holding the manifest;
* PDF: the document's title and creator, and its XMP metadata (``dc:description``);
* CSV: ``#`` comment lines, exactly as ``bias-loop run --out`` writes them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from simulator import BiasLoopError, __version__
from simulator.atomic import atomic_open
from simulator.csvio import manifest_lines, write_csv
from ui import formatting
from ui.charts.plot_model import chart_layout
from ui.export.figure import Figure, FigureRequest, FigureSource, caption_text, paint_figure, tr

MANIFEST_KEY = "bias-loop manifest"
MANIFEST_TITLE = "bias-loop manifest: the run that made this file (TOML values)"
SOFTWARE = f"bias-loop {__version__}"
PDF_DPI = 96  # one figure pixel is one PDF unit at 96 dpi: 0.75 pt


@dataclass(frozen=True)
class ExportFormat:
    id: str
    suffix: str
    label: str
    picture: bool  # False: data (CSV)
    write: Callable[[FigureSource, FigureRequest, Path], None]

    def filter(self) -> str:
        return f"{self.label} (*{self.suffix})"


def manifest_text(source: FigureSource) -> str:
    """The run's manifest as text, one ``key = value`` line each (TOML values)."""
    lines = manifest_lines(source.manifests(), final_only=False)[1:]  # not the CSV's title
    return "\n".join([MANIFEST_TITLE, *lines])


def title_of(source: FigureSource) -> str:
    manifest = source.run.manifest()
    return formatting.count(manifest["rounds"], tr("{title} — seed {seed}, {n} round"),
                            tr("{title} — seed {seed}, {n} rounds"),
                            title=source.scenario.title.get(source.lang), seed=manifest["seed"])


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def _figure(source: FigureSource, request: FigureRequest) -> Figure:
    if request.what == "plot" and request.plot_id not in {p.id for p in source.scenario.plots()}:
        raise BiasLoopError(f"no chart {request.plot_id!r} in this scenario")
    return Figure(source, request)


def render_image(source: FigureSource, request: FigureRequest) -> QImage:
    """The figure as an image with the manifest in its text (PNG text chunks when saved)."""
    figure = _figure(source, request)
    try:
        image = QImage(figure.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        paint_figure(figure, painter)
        painter.end()
    finally:
        figure.dispose()
    image.setText("Title", title_of(source))
    image.setText("Software", SOFTWARE)
    if request.caption:
        image.setText("Description", caption_text(source))
    image.setText(MANIFEST_KEY, manifest_text(source))
    return image


def image_bytes(image: QImage, fmt: str = "PNG") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise BiasLoopError(tr("the image could not be encoded as {fmt}").format(fmt=fmt))
    buffer.close()
    return bytes(data.data())


def write_png(source: FigureSource, request: FigureRequest, path: Path) -> None:
    _write_bytes(path, image_bytes(render_image(source, request)))


def svg_bytes(source: FigureSource, request: FigureRequest) -> bytes:
    figure = _figure(source, request)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        size = figure.size()
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setResolution(PDF_DPI)
        generator.setTitle(title_of(source))
        generator.setDescription(caption_text(source))
        painter = QPainter(generator)
        paint_figure(figure, painter)
        painter.end()
    finally:
        figure.dispose()
    buffer.close()
    text = bytes(data.data()).decode("utf-8")
    # Qt sizes the drawing in millimetres; in pixels it opens at exactly the figure's size.
    text = re.sub(r'<svg width="[^"]*" height="[^"]*"',
                  f'<svg width="{size.width()}" height="{size.height()}"', text, count=1)
    metadata = (f'<metadata id="bias-loop-manifest">\n<bias-loop xmlns="urn:bias-loop:manifest" '
                f'software="{escape(SOFTWARE)}">\n{escape(manifest_text(source))}\n'
                f"</bias-loop>\n</metadata>\n")
    head, sep, rest = text.partition("<title>")
    if not sep:  # no title element: put the metadata right after the root's start tag
        start = text.index(">", text.index("<svg")) + 1
        head, rest = text[:start] + "\n", text[start:]
        return (head + metadata + rest).encode("utf-8")
    return (head + metadata + sep + rest).encode("utf-8")


def write_svg(source: FigureSource, request: FigureRequest, path: Path) -> None:
    _write_bytes(path, svg_bytes(source, request))


def _xmp(source: FigureSource) -> bytes:
    title, manifest = escape(title_of(source)), escape(manifest_text(source))
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{manifest}</rdf:li>
   </rdf:Alt></dc:description>
   <xmp:CreatorTool>{escape(SOFTWARE)}</xmp:CreatorTool>
   <pdf:Producer>{escape(SOFTWARE)}</pdf:Producer>
   <pdf:Keywords>{manifest}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def pdf_writer(buffer: QBuffer, source: FigureSource, size: QSize | None) -> QPdfWriter:
    """A PDF writer on ``buffer`` with the manifest in its metadata; ``size`` in figure pixels
    (None: A4 portrait)."""
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(title_of(source))
    writer.setCreator(SOFTWARE)
    writer.setDocumentXmpMetadata(_xmp(source))
    if size is None:
        page = QPageSize(QPageSize.PageSizeId.A4)
    else:
        points = QSizeF(size.width() * 72 / PDF_DPI, size.height() * 72 / PDF_DPI)
        page = QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    return writer


def pdf_bytes(source: FigureSource, request: FigureRequest) -> bytes:
    figure = _figure(source, request)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        writer = pdf_writer(buffer, source, figure.size())
        painter = QPainter(writer)
        # The page may be a rounding larger than the figure; scale to fit exactly.
        page = writer.pageLayout().paintRectPixels(PDF_DPI)
        painter.scale(page.width() / figure.width(), page.height() / figure.height())
        paint_figure(figure, painter)
        painter.end()
    finally:
        figure.dispose()
    buffer.close()
    return bytes(data.data())


def write_pdf(source: FigureSource, request: FigureRequest, path: Path) -> None:
    _write_bytes(path, pdf_bytes(source, request))


def csv_columns(source: FigureSource, request: FigureRequest) -> list[str] | None:
    """The recorder columns a CSV holds: one chart's series, or all (None)."""
    if request.what != "plot":
        return None
    scenario = source.scenario
    metrics = {m.name: m for m in scenario.metrics()}
    plot = {p.id: p for p in scenario.plots()}[request.plot_id]
    chart = chart_layout(plot, metrics, scenario.group_ids, lambda g: g, source.lang)
    return [c.column for c in chart.curves]


def csv_text(source: FigureSource, request: FigureRequest) -> str:
    stream = io.StringIO()
    write_csv(stream, list(source.runs), columns=csv_columns(source, request))
    return stream.getvalue()


def write_csv_file(source: FigureSource, request: FigureRequest, path: Path) -> None:
    text = csv_text(source, request)
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


FORMATS: dict[str, ExportFormat] = {
    f.id: f for f in (
        ExportFormat("png", ".png", "PNG image", True, write_png),
        ExportFormat("svg", ".svg", "SVG vector image", True, write_svg),
        ExportFormat("pdf", ".pdf", "PDF document", True, write_pdf),
        ExportFormat("csv", ".csv", "CSV data", False, write_csv_file),
    )
}


def format_for(path: str | Path, allowed: tuple[str, ...] | None = None) -> ExportFormat:
    """The format a file name asks for, by its extension, or an error listing the choices."""
    suffix = Path(path).suffix.lower()
    choices = [f for f in FORMATS.values() if allowed is None or f.id in allowed]
    for fmt in choices:
        if fmt.suffix == suffix:
            return fmt
    names = ", ".join(f.suffix for f in choices)
    raise BiasLoopError(f"{path}: cannot tell the export format from the name; "
                        f"give a name ending in {names}")


def export(source: FigureSource, path: str | Path, request: FigureRequest | None = None,
           fmt: str | None = None) -> Path:
    """Write ``request`` (default: the whole dashboard at 1×) of ``source`` to ``path`` in
    ``fmt`` (default: from the extension), atomically. Returns the path written."""
    target = Path(path)
    chosen = FORMATS[fmt] if fmt is not None else format_for(target)
    if target.is_dir():
        raise BiasLoopError(f"{target} is a folder; give a file name inside it "
                            f"(e.g. {target / ('chart' + chosen.suffix)})")
    chosen.write(source, request or FigureRequest(), target)
    return target
