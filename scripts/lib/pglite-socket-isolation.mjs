// Keeps the extended-query batches of concurrent connections apart on a PGLiteSocketServer.
//
// @electric-sql/pglite-socket 0.2.x runs every connection's protocol messages on PGlite's single session, one message
// at a time, and keeps a connection's turn only while an SQL transaction is open. An extended-query batch (Parse,
// Bind, Describe, Execute … Sync: every query with parameters, i.e. every Prisma and most pg queries) is not a
// transaction, so two connections' batches interleave: B's Parse replaces A's unnamed statement between A's Parse and
// A's Bind, and A fails with "unnamed prepared statement does not exist" / "bind message supplies 1 parameters, but
// prepared statement "" requires 3" (or, worse, binds to B's statement). The app then sees random errors under any
// concurrency (a page and its API calls, two Playwright workers). Upstream: electric-sql/pglite#1046 and PR #977.
//
// This replaces the server's queue loop with one that also gives a connection the session from its first extended-
// query message until its Sync (or a simple Query), and that does not stop for good when one message fails.

const EXTENDED = new Set([0x50 /* P */, 0x42 /* B */, 0x44 /* D */, 0x45 /* E */, 0x43 /* C */, 0x48 /* H */]);
const BATCH_END = new Set([0x53 /* S */, 0x51 /* Q */]);

/** @param {import("@electric-sql/pglite-socket").PGLiteSocketServer} server */
export function isolateExtendedQueries(server) {
  const queue = /** @type {any} */ (server).queryQueue;
  if (!queue || typeof queue.processQueue !== "function" || !Array.isArray(queue.queue)) {
    throw new Error("isolateExtendedQueries: this pglite-socket version has no queryQueue to patch; re-check after the upgrade");
  }
  /** The connection in the middle of an extended-query batch, or null. */
  let owner = null;

  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = this.db.isInTransaction() && this.lastHandlerId ? this.lastHandlerId : owner;
        let item = null;
        if (pinned !== null && pinned !== undefined) {
          const index = this.queue.findIndex((entry) => entry.handlerId === pinned);
          if (index !== -1) item = this.queue.splice(index, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break; // the pinned connection's next message has not arrived yet: its arrival resumes the loop
        const type = item.message[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          if (owner === item.handlerId) owner = null;
          item.reject(error);
          continue;
        }
        if (EXTENDED.has(type)) owner = item.handlerId;
        else if (BATCH_END.has(type) && owner === item.handlerId) owner = null;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    clearQueueForHandler(handlerId);
    if (owner === handlerId) {
      owner = null;
      void queue.processQueue();
    }
  };
  return server;
}
