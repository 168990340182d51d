// The two ways an operation fails: the user asked for something that cannot be done as asked
// (exit 2), or the work itself failed (exit 1). Both carry a message meant for a person, shown
// without a stack trace.

/** A problem with what the user asked for or gave (flags, files, the topology). */
export class UsageError extends Error {}

/** A failure of the work itself: a tool failed, a check did not pass. */
export class CommandFailure extends Error {}
