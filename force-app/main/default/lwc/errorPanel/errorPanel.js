import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/migrationUtils';

/**
 * The one place the Data Migration page shows errors: a title and each error in words.
 */
export default class ErrorPanel extends LightningElement {
  /** What failed, e.g. "Step 5 was not started". */
  @api friendlyMessage = 'Something went wrong';
  /** One error or a list: Apex (AuraHandledException), UI API or JavaScript errors. */
  @api errors;

  get messages() {
    // The server says what failed before its reason ("Step 4 was not started: …"): the title says it once.
    const repeated = `${this.friendlyMessage}: `;
    return reduceErrors(this.errors).map((text, index) => ({
      key: `message-${index}`,
      text: text.startsWith(repeated) ? text.slice(repeated.length) : text
    }));
  }
}
