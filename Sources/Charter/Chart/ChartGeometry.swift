/// Points and rectangles of a laid-out chart, in the units of its SVG (CSS pixels, 96 to the inch).
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

public struct ChartRect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }

    /// Whether the two rectangles share any area (touching edges do not count).
    public func overlaps(_ other: ChartRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Whether the segment from `a` to `b` passes through the inside of the rectangle (running
    /// along or ending on an edge does not count). Lines on a chart are horizontal or vertical,
    /// but any segment is tested correctly, by clipping it to the rectangle.
    public func isCrossed(from a: ChartPoint, to b: ChartPoint) -> Bool {
        let inset = 0.5
        let left = x + inset, right = maxX - inset, top = y + inset, bottom = maxY - inset
        guard left < right, top < bottom else { return false }
        // Liang–Barsky: the part of the segment inside the inset rectangle, if any.
        var lower = 0.0, upper = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { lower = Swift.max(lower, t) } else { upper = Swift.min(upper, t) }
                if lower > upper { return false }
            }
        }
        return true
    }
}
