/// A process as a graph: its steps by position, and where each one leads, with the implicit
/// "next step" made explicit and every target resolved to a step or an end.
///
/// The declaration checker builds it once per process and judges reachability on it; the
/// checked rulebook keeps it, and the process model walks records through the same graph, so
/// that what lint calls reachable and what `status` and routes follow cannot disagree.
public struct ProcessGraph: Sendable {
    /// Where a transition leads.
    public enum Target: Sendable, Equatable {
        case step(Int)
        case end(Int)
        /// A name that is neither a step nor an end (N007, reported by the checker).
        case unknown
    }

    /// One way out of a step, in the order written: the transition as declared (or the implicit
    /// one to the next step), and what its target resolves to.
    public struct Edge: Sendable {
        public let transition: Transition
        public let target: Target
    }

    /// The position of each step name's first declaration (a second one is N004).
    public let stepIndex: [String: Int]
    /// The position of each end name in `end …`.
    public let endIndex: [String: Int]
    /// The ways out of each step, by the step's position.
    public let edges: [[Edge]]
    /// Whether a step finishes the process: it leads to an end, or it is the last step and
    /// has no `->` ("steps in order from the first").
    public let finishes: [Bool]

    public init(_ process: ProcessDecl) {
        var stepIndex: [String: Int] = [:]
        for (index, step) in process.steps.enumerated() where stepIndex[step.name.text] == nil {
            stepIndex[step.name.text] = index
        }
        var endIndex: [String: Int] = [:]
        for (index, end) in process.ends.enumerated() where endIndex[end.text] == nil {
            endIndex[end.text] = index
        }
        var edges: [[Edge]] = []
        var finishes: [Bool] = []
        edges.reserveCapacity(process.steps.count)
        for (index, step) in process.steps.enumerated() {
            let out = process.transitions(ofStepAt: index).map { transition -> Edge in
                // A name that is both a step and an end (G019) is taken as the step, as the walk does.
                let target: Target = if let next = stepIndex[transition.target.text] {
                    .step(next)
                } else if let end = endIndex[transition.target.text] {
                    .end(end)
                } else {
                    .unknown
                }
                return Edge(transition: transition, target: target)
            }
            let last = step.transitions.isEmpty && index + 1 == process.steps.count
            finishes.append(last || out.contains { if case .end = $0.target { true } else { false } })
            edges.append(out)
        }
        self.stepIndex = stepIndex
        self.endIndex = endIndex
        self.edges = edges
        self.finishes = finishes
    }

    public var stepCount: Int { edges.count }

    /// The steps each step leads to, by position.
    public var successors: [[Int]] {
        edges.map { $0.compactMap { if case .step(let next) = $0.target { next } else { nil } } }
    }

    /// The steps that lead to each step, by position.
    public var predecessors: [[Int]] {
        var found = [[Int]](repeating: [], count: edges.count)
        for (index, next) in successors.enumerated() {
            for target in next { found[target].append(index) }
        }
        return found
    }

    /// The steps reachable from the first, by position; all false for a process with no steps.
    public func reachableFromFirst() -> [Bool] {
        guard stepCount > 0 else { return [] }
        return Self.closure(from: [0], along: successors)
    }

    /// The steps from which an end can be reached, by position.
    public func canFinish() -> [Bool] {
        Self.closure(from: finishes.indices.filter { finishes[$0] }, along: predecessors)
    }

    /// The nodes reachable from `starts` (included) along `edges`, by breadth-first search.
    static func closure(from starts: [Int], along edges: [[Int]]) -> [Bool] {
        var seen = [Bool](repeating: false, count: edges.count)
        var queue = starts
        for start in starts { seen[start] = true }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in edges[node] where !seen[next] {
                seen[next] = true
                queue.append(next)
            }
        }
        return seen
    }
}
