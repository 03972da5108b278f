internal import GRDB
internal import GRDBSQLite
import RuminateCore

/// SQLite's progress handler asking a `QueryDeadline` whether to go on: a statement that runs past it (an FTS5
/// expression whose ranking is quadratic in its phrases, say) is interrupted between two virtual-machine steps,
/// and its error becomes the deadline's `interrupted` error. One step can be long: FTS5 ranks a passage in one
/// (which is why `QueryLimits` bounds an expression's phrases).
enum QueryInterruption {
    /// Virtual-machine instructions between two looks at the clock: a look costs tens of nanoseconds, a
    /// thousand instructions some microseconds, so the check is free and the interruption prompt.
    static let instructionsPerCheck: Int32 = 1000

    /// Runs `body` on `db` with the progress handler installed for `deadline` (nothing is installed for nil).
    static func run<T>(_ db: Database, until deadline: QueryDeadline?, _ body: () throws -> T) throws -> T {
        guard let deadline, let connection = db.sqliteConnection else { return try body() }
        try deadline.check()
        let context = Unmanaged.passUnretained(deadline).toOpaque()
        sqlite3_progress_handler(
            connection, instructionsPerCheck,
            { context in
                guard let context else { return 0 }
                return Unmanaged<QueryDeadline>.fromOpaque(context).takeUnretainedValue().hasPassed ? 1 : 0
            }, context)
        // The connection goes back to the pool afterwards: the next reader must not inherit this deadline.
        defer { sqlite3_progress_handler(connection, 0, nil, nil) }
        do {
            return try withExtendedLifetime(deadline) { try body() }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT && deadline.hasPassed {
            throw deadline.error
        }
    }

    /// Whether `error` is SQLite reporting an interruption (so it is not mistaken for a bad query).
    static func isInterruption(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_INTERRUPT
    }
}
