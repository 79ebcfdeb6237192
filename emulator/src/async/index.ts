export {
  AsyncEngine,
  DEFAULT_BATCH_SIZE,
  MAX_QUERY_LOCATOR_BATCH_SIZE,
  EVENT_TRIGGER_BATCH_SIZE,
  describeError,
  type AsyncHost
} from './engine.js';
export {
  BatchableContextValue,
  QueueableContextValue,
  QueryLocatorValue,
  TEST_BATCH_MESSAGE,
  type PendingWork
} from './work.js';
