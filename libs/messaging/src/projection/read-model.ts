import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lotstream/event-store';

/**
 * A read model: plain tables owned by the projector, derivable from the events at any time.
 * Its DDL uses unqualified table names; the runner places them in the read-model schema
 * (`rm` live, another schema while rebuilding), so a rebuild can build beside the live tables
 * and swap schemas when caught up. Queries name the live tables as `rm.<table>`.
 */
export interface ReadModel {
  name: string;
  ddl: string[];
  /** Tables it owns, compared by replay-equivalence tests and dropped by rebuilds. */
  tables: string[];
  /**
   * Applies a page of events (already deduped, in the page's order, so per-stream order is kept).
   * A page may be one event or thousands, and the same events may come split into pages anywhere:
   * the tables must end up the same however they are paged, and whatever the interleaving of events
   * from different streams — write facts keyed by their natural ids and derive, or use commutative
   * updates, never "last message wins" across streams. Write each table with one multi-row
   * statement per page (see FactTable), first row per natural key wins.
   */
  handle(tx: PoolClient, events: RecordedEvent[]): Promise<void>;
}
