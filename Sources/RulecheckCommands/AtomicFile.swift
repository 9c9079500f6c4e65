import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Writes a file whole or not at all: the bytes go to a temporary file in the same directory,
/// which is flushed to the disk and then renamed over the target. A crash, a kill or a full
/// disk leaves either the old file or the new one, never a truncated mix; rename is atomic
/// only within one file system, hence the same directory.
///
/// Every file Charter writes goes through here, except the REPL's journal, which is appended
/// to entry by entry (`ReplJournal`): an append-only log that a reader takes up to its last
/// complete line.
public enum AtomicFile {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write `\(path)`: \(reason)" }
    }

    /// Replaces the file at `path` with `data`. An existing file keeps its permissions; a new
    /// one gets the usual ones (0666 less the umask).
    public static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp").path
        // O_EXCL: a name that exists is never written through (a link planted there, say).
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(path) }
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            var existing = stat()
            if stat(path, &existing) == 0 {
                guard fchmod(descriptor, existing.st_mode & 0o7777) == 0 else { throw failure(path) }
            }
            try writeAll(data, to: descriptor, path: path)
            // Flushed before the rename, so that after a crash the name never points at a file
            // whose bytes did not reach the disk.
            guard fsync(descriptor) == 0 else { throw failure(path) }
        }
        guard rename(temporary, path) == 0 else { throw failure(path) }
        renamed = true
    }

    /// Writes every byte of `data` to an open file, going on after short writes and signals.
    static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, base + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    throw failure(path)
                }
            }
        }
    }

    static func failure(_ path: String) -> WriteError {
        WriteError(path: path, reason: String(cString: strerror(errno)))
    }

    /// POSIX `write`, named apart from the `write` of this type.
    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        return Darwin.write(descriptor, buffer, count)
        #else
        return Glibc.write(descriptor, buffer, count)
        #endif
    }
}
