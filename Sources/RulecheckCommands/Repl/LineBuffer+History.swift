/// The walk through the earlier lines: Up recalls older ones, Down newer ones and at last the
/// line that was being typed.
extension LineBuffer {
    mutating func recallOlder() {
        let next = (historyIndex ?? history.count) - 1
        guard next >= 0, next < history.count else { return }
        if historyIndex == nil { draft = characters }
        show(history: next)
    }

    mutating func recallNewer() {
        guard let index = historyIndex else { return }
        if index + 1 < history.count {
            show(history: index + 1)
        } else {
            historyIndex = nil
            characters = draft
            cursor = characters.count
        }
    }

    mutating func show(history index: Int) {
        historyIndex = index
        characters = Array(history[index])
        cursor = characters.count
    }
}
