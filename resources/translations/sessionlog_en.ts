<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>AuthorizationsEditor</name>
    <message numerus="yes">
        <source>{used} of %n unit(s) used</source>
        <translation>
            <numerusform>{used} of %n unit used</numerusform>
            <numerusform>{used} of %n units used</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChangeClientDialog</name>
    <message numerus="yes">
        <source>⚠ %n objective(s) ticked for {name} will be cleared: they belong to that client&apos;s plan. Tick the new client&apos;s objectives afterwards.</source>
        <translation>
            <numerusform>⚠ %n objective ticked for {name} will be cleared: it belongs to that client&apos;s plan. Tick the new client&apos;s objectives afterwards.</numerusform>
            <numerusform>⚠ %n objectives ticked for {name} will be cleared: they belong to that client&apos;s plan. Tick the new client&apos;s objectives afterwards.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClaimExportDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;Saved {name}&lt;/b&gt;: %n claim line(s).</source>
        <translation>
            <numerusform>&lt;b&gt;Saved {name}&lt;/b&gt;: %n claim line.</numerusform>
            <numerusform>&lt;b&gt;Saved {name}&lt;/b&gt;: %n claim lines.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n claim(s)</source>
        <translation>
            <numerusform>%n claim</numerusform>
            <numerusform>%n claims</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n unit</numerusform>
            <numerusform>%n units</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Count</name>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signed note(s)</source>
        <translation>
            <numerusform>%n signed note</numerusform>
            <numerusform>%n signed notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>These units are for the whole line: this session and %n other session(s) of the same client, code and day, rounded together.</source>
        <translation>
            <numerusform>These units are for the whole line: this session and %n other session of the same client, code and day, rounded together.</numerusform>
            <numerusform>These units are for the whole line: this session and %n other sessions of the same client, code and day, rounded together.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unsigned note(s)</source>
        <translation>
            <numerusform>%n unsigned note</numerusform>
            <numerusform>%n unsigned notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thing(s) missing</source>
        <translation>
            <numerusform>%n thing missing</numerusform>
            <numerusform>%n things missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EndOfDayView</name>
    <message numerus="yes">
        <source>End of day — %n note(s) to finish</source>
        <translation>
            <numerusform>End of day — %n note to finish</numerusform>
            <numerusform>End of day — %n notes to finish</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message numerus="yes">
        <source>%Ln session(s), newest first. Double-click a row to read the note.</source>
        <translation>
            <numerusform>%Ln session, newest first. Double-click a row to read the note.</numerusform>
            <numerusform>%Ln sessions, newest first. Double-click a row to read the note.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JsonImportDialog</name>
    <message numerus="yes">
        <source>This file cannot be imported: %n problem(s) below. Nothing has been written. Fix the file (each line names the record and the field) and try again.</source>
        <translation>
            <numerusform>This file cannot be imported: %n problem below. Nothing has been written. Fix the file (each line names the record and the field) and try again.</numerusform>
            <numerusform>This file cannot be imported: %n problems below. Nothing has been written. Fix the file (each line names the record and the field) and try again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready to import %n new record(s). Nothing is written until you press Import, and then all of it or none.</source>
        <translation>
            <numerusform>Ready to import %n new record. Nothing is written until you press Import, and then all of it or none.</numerusform>
            <numerusform>Ready to import %n new records. Nothing is written until you press Import, and then all of it or none.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n protective trigger(s) were missing from the database and have been put back: {0}.

The file was changed outside SessionLog. Help ▸ Check the record shows whether any note or audit entry was altered.</source>
        <translation>
            <numerusform>%n protective trigger was missing from the database and has been put back: {0}.

The file was changed outside SessionLog. Help ▸ Check the record shows whether any note or audit entry was altered.</numerusform>
            <numerusform>%n protective triggers were missing from the database and have been put back: {0}.

The file was changed outside SessionLog. Help ▸ Check the record shows whether any note or audit entry was altered.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoteForm</name>
    <message numerus="yes">
        <source>, %n pause(s)</source>
        <translation>
            <numerusform>, %n pause</numerusform>
            <numerusform>, %n pauses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n unit(s)&lt;/b&gt; of {code} · </source>
        <translation>
            <numerusform>&lt;b&gt;%n unit&lt;/b&gt; of {code} · </numerusform>
            <numerusform>&lt;b&gt;%n units&lt;/b&gt; of {code} · </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This session: {own} min. The payer counts the day&apos;s minutes together, so the units are for the day with %n other session(s) of this client and service.
{explanation}</source>
        <translation>
            <numerusform>This session: {own} min. The payer counts the day&apos;s minutes together, so the units are for the day with %n other session of this client and service.
{explanation}</numerusform>
            <numerusform>This session: {own} min. The payer counts the day&apos;s minutes together, so the units are for the day with %n other sessions of this client and service.
{explanation}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message numerus="yes">
        <source>%n backup(s) in {0}</source>
        <translation>
            <numerusform>%n backup in {0}</numerusform>
            <numerusform>%n backups in {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message numerus="yes">
        <source>%n row(s) with problems</source>
        <translation>
            <numerusform>%n row with problems</numerusform>
            <numerusform>%n rows with problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ready to add %n client(s){already}. Nothing is written until you press Import, and then all of them or none.</source>
        <translation>
            <numerusform>Ready to add %n client{already}. Nothing is written until you press Import, and then all of them or none.</numerusform>
            <numerusform>Ready to add %n clients{already}. Nothing is written until you press Import, and then all of them or none.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignaturePanel</name>
    <message numerus="yes">
        <source>Once signed: &lt;b&gt;%n billable unit(s)&lt;/b&gt; of {code_with_modifiers} ({minutes} min on the line, {units} before limits).</source>
        <translation>
            <numerusform>Once signed: &lt;b&gt;%n billable unit&lt;/b&gt; of {code_with_modifiers} ({minutes} min on the line, {units} before limits).</numerusform>
            <numerusform>Once signed: &lt;b&gt;%n billable units&lt;/b&gt; of {code_with_modifiers} ({minutes} min on the line, {units} before limits).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n unit</numerusform>
            <numerusform>%n units</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message numerus="yes">
        <source>%n note(s) to finish{extra}</source>
        <translation>
            <numerusform>%n note to finish{extra}</numerusform>
            <numerusform>%n notes to finish{extra}</numerusform>
        </translation>
    </message>
</context>
</TS>
