"""Pure rules of the housing register: functions over plain data that return a result with
plain-English reasons (STYLE.md "Rules"). No Django imports here."""
