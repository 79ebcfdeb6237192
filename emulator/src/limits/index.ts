export {
  TransactionLimits,
  UnlimitedLimits,
  createGovernorLimits,
  LIMIT_SPECS,
  LIMIT_NAMES,
  BATCH_START_QUERY_LOCATOR_ROWS,
  type GovernorLimitsOptions
} from './governor-limits.js';
export { LimitExceededError } from '../contracts.js';
