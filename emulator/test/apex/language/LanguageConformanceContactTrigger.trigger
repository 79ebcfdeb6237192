/**
 * Throws for one marked last name, so DmlAndTriggersConformanceTest can show what the DML
 * caller sees when an exception escapes a trigger.
 */
trigger LanguageConformanceContactTrigger on Contact(before insert) {
  for (Contact c : Trigger.new) {
    if (c.LastName == 'Trigger Boom') {
      throw new IllegalArgumentException('no boom contacts');
    }
  }
}
