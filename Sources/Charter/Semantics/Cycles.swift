/// Cycles in a directed graph (reporting lines, appeal routes), found by one iterative
/// depth-first search so that a chain of thousands of groups cannot exhaust the stack.
enum Cycles {
    /// An edge from node `from` to node `to`; nodes are `0..<nodeCount`.
    struct Edge: Sendable {
        let from: Int
        let to: Int
    }

    /// Each cycle as the indices of its edges in `edges`, in the order they are followed, starting
    /// with the edge that leaves the cycle's smallest node. Every back edge of the search closes
    /// exactly one cycle, so no cycle is reported twice; time is linear in the graph plus the
    /// length of the cycles reported.
    static func find(nodeCount: Int, edges: [Edge]) -> [[Int]] {
        var outgoing = [[Int]](repeating: [], count: nodeCount)
        for (index, edge) in edges.enumerated() { outgoing[edge.from].append(index) }

        enum State { case unvisited, onPath, done }
        var state = [State](repeating: .unvisited, count: nodeCount)
        var cycles: [[Int]] = []
        // The current path: nodes with the next outgoing edge to try, and the edges between them
        // (`pathEdges[i]` leads from `path[i]` to `path[i + 1]`).
        var path: [(node: Int, next: Int)] = []
        var pathEdges: [Int] = []
        var position = [Int](repeating: -1, count: nodeCount)

        for root in 0..<nodeCount where state[root] == .unvisited {
            path.append((root, 0))
            state[root] = .onPath
            position[root] = 0
            while let (node, next) = path.last {
                guard next < outgoing[node].count else {
                    state[node] = .done
                    path.removeLast()
                    if !pathEdges.isEmpty { pathEdges.removeLast() }
                    continue
                }
                path[path.count - 1].next += 1
                let edge = outgoing[node][next]
                let target = edges[edge].to
                switch state[target] {
                case .unvisited:
                    state[target] = .onPath
                    position[target] = path.count
                    path.append((target, 0))
                    pathEdges.append(edge)
                case .onPath:
                    cycles.append(rotated(Array(pathEdges[position[target]...]) + [edge], edges: edges))
                case .done:
                    break
                }
            }
        }
        return cycles
    }

    /// `cycle` starting at the edge that leaves its smallest node, so that the report does not
    /// depend on where the search happened to enter the cycle.
    private static func rotated(_ cycle: [Int], edges: [Edge]) -> [Int] {
        guard let start = cycle.indices.min(by: { edges[cycle[$0]].from < edges[cycle[$1]].from }) else { return cycle }
        return Array(cycle[start...] + cycle[..<start])
    }
}
