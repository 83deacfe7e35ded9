// A line chart as an SVG document: what PlotReport draws, without a plotting library.
import Foundation

/// Series of (x, y) points drawn as polylines with `x` markers on a grid, with ticked and
/// labeled axes and a legend to the right, in matplotlib's default colours.
struct SVGLineChart {
    var xLabel: String
    var series: [(name: String, points: [(x: Double, y: Double)])]

    static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                         "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
    private static let width = 760.0, height = 420.0
    private static let left = 80.0, right = 540.0, top = 20.0, bottom = 360.0

    /// The SVG text. Non-finite points are left out.
    func render() -> String {
        let finite = series.map { ($0.name, $0.points.filter { $0.x.isFinite && $0.y.isFinite }) }
        let xs = finite.flatMap { $0.1.map(\.x) }, ys = finite.flatMap { $0.1.map(\.y) }
        let xTicks = Self.ticks(xs.min() ?? 0, xs.max() ?? 1)
        let yTicks = Self.ticks(ys.min() ?? 0, ys.max() ?? 1)
        let (x0, x1) = (xTicks.first!, xTicks.last!), (y0, y1) = (yTicks.first!, yTicks.last!)
        func px(_ x: Double) -> Double { Self.left + (x - x0) / (x1 - x0) * (Self.right - Self.left) }
        func py(_ y: Double) -> Double { Self.bottom - (y - y0) / (y1 - y0) * (Self.bottom - Self.top) }

        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.width)" height="\(Self.height)" \
        viewBox="0 0 \(Self.width) \(Self.height)" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>

        """
        out += "<g class=\"grid\" stroke=\"#b0b0b0\" stroke-width=\"0.8\">\n"
        for x in xTicks { out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(Self.top))\" x2=\"\(f(px(x)))\" y2=\"\(f(Self.bottom))\"/>\n" }
        for y in yTicks { out += "<line x1=\"\(f(Self.left))\" y1=\"\(f(py(y)))\" x2=\"\(f(Self.right))\" y2=\"\(f(py(y)))\"/>\n" }
        out += "</g>\n<g class=\"axes\">\n"
        out += "<rect x=\"\(f(Self.left))\" y=\"\(f(Self.top))\" width=\"\(f(Self.right - Self.left))\" "
            + "height=\"\(f(Self.bottom - Self.top))\" fill=\"none\" stroke=\"black\"/>\n"
        for x in xTicks {
            out += "<line x1=\"\(f(px(x)))\" y1=\"\(f(Self.bottom))\" x2=\"\(f(px(x)))\" y2=\"\(f(Self.bottom + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(f(px(x)))\" y=\"\(f(Self.bottom + 19))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
        }
        for y in yTicks {
            out += "<line x1=\"\(f(Self.left - 5))\" y1=\"\(f(py(y)))\" x2=\"\(f(Self.left))\" y2=\"\(f(py(y)))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(f(Self.left - 8))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(Self.label(y))</text>\n"
        }
        out += "<text class=\"xlabel\" x=\"\(f((Self.left + Self.right) / 2))\" y=\"\(f(Self.bottom + 42))\" "
            + "text-anchor=\"middle\" font-size=\"14\">\(Self.escape(xLabel))</text>\n</g>\n"
        for (index, (name, points)) in finite.enumerated() where !points.isEmpty {
            let color = Self.colors[index % Self.colors.count]
            let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            out += "<g class=\"series\" stroke=\"\(color)\" stroke-width=\"1.5\" fill=\"none\">\n"
            out += "<title>\(Self.escape(name))</title>\n<polyline points=\"\(path)\"/>\n"
            for p in points { out += Self.marker(px(p.x), py(p.y)) }
            out += "</g>\n"
        }
        out += "<g class=\"legend\">\n"
        for (index, (name, _)) in finite.enumerated() {
            let y = Self.top + 10 + Double(index) * 20, color = Self.colors[index % Self.colors.count]
            out += "<line x1=\"\(f(Self.right + 20))\" y1=\"\(f(y))\" x2=\"\(f(Self.right + 44))\" y2=\"\(f(y))\" "
                + "stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
            out += "<g stroke=\"\(color)\" stroke-width=\"1.5\">" + Self.marker(Self.right + 32, y) + "</g>\n"
            out += "<text x=\"\(f(Self.right + 52))\" y=\"\(f(y + 4))\">\(Self.escape(name))</text>\n"
        }
        return out + "</g>\n</svg>\n"
    }

    private static func marker(_ x: Double, _ y: Double) -> String {
        "<path d=\"M\(f(x - 3)),\(f(y - 3))L\(f(x + 3)),\(f(y + 3))M\(f(x - 3)),\(f(y + 3))L\(f(x + 3)),\(f(y - 3))\"/>\n"
    }

    /// Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten,
    /// about five of them; a single value gets a unit-wide range around it.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        var (low, high) = (low, high)
        if high - low <= Swift.abs(high) * 1e-12 {
            let pad = Swift.max(Swift.abs(low) * 0.5, 0.5)
            (low, high) = (low - pad, high + pad)
        }
        let raw = (high - low) / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw }!
        let first = (low / step).rounded(.down), last = (high / step).rounded(.up)
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// A tick label: `%g`, with the rounding noise of `k·step` removed.
    static func label(_ value: Double) -> String {
        String(format: "%g", Swift.abs(value) < 1e-12 ? 0 : Double(String(format: "%.10g", value))!)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// A coordinate with two decimals.
private func f(_ value: Double) -> String { String(format: "%.2f", value) }
