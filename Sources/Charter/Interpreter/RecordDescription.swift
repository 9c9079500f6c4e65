extension RecordValue {
    /// A record by its key (`id`, `ref`, `number`, …) and its label (`title`, `name`,
    /// `party`, …): `3 "Interface Code of Connections"`, `DAG31-05`, `"Large Suppliers"`;
    /// failing both, its first few fields.
    public func shortDescription(shapes: [RecordShape]) -> String {
        let record = self
        if let name = Value.record(record).declarationName { return name }
        guard shapes.indices.contains(record.shape.index) else { return "(record)" }
        let shape = shapes[record.shape.index]
        func field(_ name: String) -> Value? {
            guard let slot = shape.slots[name], record.fields.indices.contains(slot) else { return nil }
            if case .absent = record.fields[slot] { return nil }
            return record.fields[slot]
        }
        let key = ["id", "ref", "number", "code", "decision"].lazy.compactMap { field($0) }.first { value in
            switch value {
            case .text, .number, .date: true
            default: false
            }
        }
        let label = ["title", "name", "party", "constituency", "voter"].lazy.compactMap { field($0) }.first { value in
            if case .text = value { true } else { false }
        }
        let parts = [key.map(\.display), label.map { "\"\(Tracer.clipped($0.display, 40))\"" }].compactMap { $0 }
        if !parts.isEmpty { return parts.joined(separator: " ") }
        var shown: [String] = []
        for (slot, name) in shape.fieldOrder.enumerated() where record.fields.indices.contains(slot) {
            switch record.fields[slot] {
            case .list, .record, .absent: continue
            case .text(let text): shown.append("\(name): \"\(Tracer.clipped(text, 60))\"")
            case let value: shown.append("\(name): \(value.display)")
            }
            if shown.count == 3 { break }
        }
        let more = shown.count < shape.fieldOrder.count ? ", …" : ""
        return "{" + shown.joined(separator: ", ") + more + "}"
    }
}
