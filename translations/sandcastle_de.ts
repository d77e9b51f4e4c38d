<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>RunSettings</name>
    <message>
        <source>no workspace is open</source>
        <translation>kein Arbeitsbereich geöffnet</translation>
    </message>
    <message>
        <source>the base URL must be an http or https URL</source>
        <translation>die Basis-URL muss eine http- oder https-URL sein</translation>
    </message>
    <message>
        <source>no model given</source>
        <translation>kein Modell angegeben</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port number</source>
        <translation>„%1“ ist keine Portnummer</translation>
    </message>
    <message>
        <source>exposed ports: %1</source>
        <translation>freigegebene Ports: %1</translation>
    </message>
    <message>
        <source>unknown memory mode &quot;%1&quot;</source>
        <translation>unbekannter Gedächtnismodus „%1“</translation>
    </message>
    <message>
        <source>the skills need a folder (an absolute path)</source>
        <translation>die Skills brauchen einen Ordner (einen absoluten Pfad)</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ApprovalCard</name>
    <message>
        <source>Tool call waiting for approval</source>
        <translation>Werkzeugaufruf wartet auf Freigabe</translation>
    </message>
    <message>
        <source>Command or patch to approve</source>
        <translation>Freizugebender Befehl oder Patch</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Approve the tool call</source>
        <translation>Werkzeugaufruf freigeben</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Deny the tool call</source>
        <translation>Werkzeugaufruf ablehnen</translation>
    </message>
    <message>
        <source>Al&amp;ways for this run</source>
        <translation>Für diesen Lauf &amp;immer</translation>
    </message>
    <message>
        <source>Approve this and matching tool calls for the rest of the run</source>
        <translation>Diesen und passende Werkzeugaufrufe für den Rest des Laufs freigeben</translation>
    </message>
    <message>
        <source>Later calls of this run are approved without asking when they run the same program (and subcommand, e.g. &quot;npm test&quot;) or patch files in the same directories.</source>
        <translation>Spätere Aufrufe dieses Laufs werden ohne Nachfrage freigegeben, wenn sie dasselbe Programm (und Unterkommando, z. B. &quot;npm test&quot;) ausführen oder Dateien in denselben Verzeichnissen patchen.</translation>
    </message>
    <message>
        <source>The agent wants to run %1:</source>
        <translation>Der Agent möchte %1 ausführen:</translation>
    </message>
    <message>
        <source>Asked because the call %1.</source>
        <translation>Nachfrage, weil der Aufruf: %1.</translation>
    </message>
    <message>
        <source>(in %1)</source>
        <translation>(in %1)</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ApprovalNotifier</name>
    <message numerus="yes">
        <source>%n tool call(s) waiting for your approval.</source>
        <translation>
            <numerusform>%n Werkzeugaufruf wartet auf Ihre Freigabe.</numerusform>
            <numerusform>%n Werkzeugaufrufe warten auf Ihre Freigabe.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sandcastle</source>
        <translation>Sandcastle</translation>
    </message>
    <message>
        <source>Sandcastle: approval needed</source>
        <translation>Sandcastle: Freigabe erforderlich</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::CapabilitiesForm</name>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Filesystem capability</source>
        <translation>Dateisystem-Fähigkeit</translation>
    </message>
    <message>
        <source>apply_patch and view_image: the agent edits and reads workspace files</source>
        <translation>apply_patch und view_image: der Agent bearbeitet und liest Dateien des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>Shell</source>
        <translation>Shell</translation>
    </message>
    <message>
        <source>Shell capability</source>
        <translation>Shell-Fähigkeit</translation>
    </message>
    <message>
        <source>exec_command and write_stdin: the agent runs commands in the sandbox</source>
        <translation>exec_command und write_stdin: der Agent führt Befehle in der Sandbox aus</translation>
    </message>
    <message>
        <source>Compaction</source>
        <translation>Verdichtung</translation>
    </message>
    <message>
        <source>Compaction capability</source>
        <translation>Verdichtungs-Fähigkeit</translation>
    </message>
    <message>
        <source>Long conversations are compacted near the model&apos;s context window</source>
        <translation>Lange Unterhaltungen werden nahe am Kontextfenster des Modells verdichtet</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Gedächtnis</translation>
    </message>
    <message>
        <source>No memory</source>
        <translation>Kein Gedächtnis</translation>
    </message>
    <message>
        <source>Memory: read and generate</source>
        <translation>Gedächtnis: lesen und erzeugen</translation>
    </message>
    <message>
        <source>Memory: read only</source>
        <translation>Gedächtnis: nur lesen</translation>
    </message>
    <message>
        <source>Memory: generate only</source>
        <translation>Gedächtnis: nur erzeugen</translation>
    </message>
    <message>
        <source>Read: the memory summary of earlier runs (memories/memory_summary.md) goes into the instructions. Generate: after the run, notes are extracted and consolidated.</source>
        <translation>Lesen: die Gedächtnis-Zusammenfassung früherer Läufe (memories/memory_summary.md) kommt in die Anweisungen. Erzeugen: nach dem Lauf werden Notizen extrahiert und zusammengeführt.</translation>
    </message>
    <message>
        <source>Live update</source>
        <translation>Laufend aktualisieren</translation>
    </message>
    <message>
        <source>Memory live update</source>
        <translation>Gedächtnis laufend aktualisieren</translation>
    </message>
    <message>
        <source>The agent fixes stale guidance in memories/MEMORY.md while it works (needs the Files and Shell capabilities)</source>
        <translation>Der Agent korrigiert veraltete Hinweise in memories/MEMORY.md während der Arbeit (braucht die Fähigkeiten Dateien und Shell)</translation>
    </message>
    <message>
        <source>Skills:</source>
        <translation>Skills:</translation>
    </message>
    <message>
        <source>Skills capability</source>
        <translation>Skills-Fähigkeit</translation>
    </message>
    <message>
        <source>Skills folder</source>
        <translation>Skills-Ordner</translation>
    </message>
    <message>
        <source>folder of skill folders with SKILL.md</source>
        <translation>Ordner mit Skill-Ordnern mit SKILL.md</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the skills folder</source>
        <translation>Den Skills-Ordner wählen</translation>
    </message>
    <message>
        <source>Load on demand</source>
        <translation>Bei Bedarf laden</translation>
    </message>
    <message>
        <source>Load skills on demand</source>
        <translation>Skills bei Bedarf laden</translation>
    </message>
    <message>
        <source>Only list the skills; the agent stages one with load_skill when it needs it. Otherwise the folder is copied into the workspace (.agents) before the run.</source>
        <translation>Die Skills nur auflisten; der Agent stellt einen mit load_skill bereit, wenn er ihn braucht. Sonst wird der Ordner vor dem Lauf in den Arbeitsbereich (.agents) kopiert.</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ChangesModel</name>
    <message>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Size Δ</source>
        <translation>Größe Δ</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Ursache</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ChangesView</name>
    <message>
        <source>Filter changes</source>
        <translation>Änderungen filtern</translation>
    </message>
    <message>
        <source>Filter by path, change or cause</source>
        <translation>Nach Pfad, Änderung oder Ursache filtern</translation>
    </message>
    <message>
        <source>Workspace changes</source>
        <translation>Änderungen im Arbeitsbereich</translation>
    </message>
    <message>
        <source>Double-click a change to review it</source>
        <translation>Doppelklicken Sie auf eine Änderung, um sie zu prüfen</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::CommitDialog</name>
    <message>
        <source>Commit message</source>
        <translation>Commit-Nachricht</translation>
    </message>
    <message>
        <source>Author: reading git config…</source>
        <translation>Autor: git config wird gelesen…</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Commit Accepted Changes</source>
        <translation>Angenommene Änderungen committen</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Committen</translation>
    </message>
    <message>
        <source>The commit message is empty.</source>
        <translation>Die Commit-Nachricht ist leer.</translation>
    </message>
    <message>
        <source>Author: %1 &lt;%2&gt;</source>
        <translation>Autor: %1 &lt;%2&gt;</translation>
    </message>
    <message>
        <source>Cannot commit: %1</source>
        <translation>Commit nicht möglich: %1</translation>
    </message>
    <message>
        <source>Author in %3: %1 &lt;%2&gt;</source>
        <translation>Autor in %3: %1 &lt;%2&gt;</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ConversationDelegate</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Überlegung</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation>wartet auf Freigabe</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>exit %1</source>
        <translation>Exit-Code %1</translation>
    </message>
    <message>
        <source>%1 of output</source>
        <translation>%1 Ausgabe</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>approved always for this run</source>
        <translation>für diesen Lauf immer freigegeben</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ConversationModel</name>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>Thinking: %1</source>
        <translation>Überlegung: %1</translation>
    </message>
    <message>
        <source>Waiting for your approval</source>
        <translation>Wartet auf Ihre Freigabe</translation>
    </message>
    <message>
        <source>Denied</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>failed after %1 ms</source>
        <translation>fehlgeschlagen nach %1 ms</translation>
    </message>
    <message>
        <source>done in %1 ms</source>
        <translation>fertig in %1 ms</translation>
    </message>
    <message numerus="yes">
        <source>Finished after %n turn(s).</source>
        <translation>
            <numerusform>Fertig nach %n Runde.</numerusform>
            <numerusform>Fertig nach %n Runden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message numerus="yes">
        <source>Stopped at the turn limit (%n turn(s)).</source>
        <translation>
            <numerusform>Am Rundenlimit angehalten (%n Runde).</numerusform>
            <numerusform>Am Rundenlimit angehalten (%n Runden).</numerusform>
        </translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Der Lauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Turn %1: %2 input (%3 cached), %4 output (%5 reasoning) tokens; %6 in total</source>
        <translation>Runde %1: %2 Eingabe- (%3 aus dem Cache), %4 Ausgabe-Tokens (%5 für Überlegungen); %6 insgesamt</translation>
    </message>
    <message>
        <source>Problem in %1 (%2): %3</source>
        <translation>Problem in %1 (%2): %3</translation>
    </message>
    <message>
        <source>Approved for the rest of the run</source>
        <translation>Für den Rest des Laufs freigegeben</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ConversationPane</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>Fold or unfold</source>
        <translation>Auf- oder zuklappen</translation>
    </message>
    <message>
        <source>%1 tokens in total (%2 input, %3 output)</source>
        <translation>%1 Tokens insgesamt (%2 Eingabe, %3 Ausgabe)</translation>
    </message>
    <message>
        <source>Approval notification</source>
        <translation>Freigabe-Benachrichtigung</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::CredentialsDialog</name>
    <message>
        <source>Credentials</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <source>Use for this session only</source>
        <translation>Nur für diese Sitzung verwenden</translation>
    </message>
    <message>
        <source>Keep keys in memory until Sandcastle quits; nothing is written to disk</source>
        <translation>Schlüssel bis zum Beenden von Sandcastle im Arbeitsspeicher halten; nichts wird auf die Festplatte geschrieben</translation>
    </message>
    <message>
        <source>Stored items</source>
        <translation>Gespeicherte Einträge</translation>
    </message>
    <message>
        <source>Values stay hidden until you press Show</source>
        <translation>Werte bleiben verborgen, bis Sie auf Anzeigen drücken</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Add or replace</source>
        <translation>Hinzufügen oder ersetzen</translation>
    </message>
    <message>
        <source>e.g. openai or GITHUB_TOKEN</source>
        <translation>z. B. openai oder GITHUB_TOKEN</translation>
    </message>
    <message>
        <source>S&amp;tore</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>Checking the keychain…</source>
        <translation>Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <source>Keychain available: items are stored in the system keychain.</source>
        <translation>Schlüsselbund verfügbar: Einträge werden im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>No keychain service is available</source>
        <translation>Kein Schlüsselbunddienst verfügbar</translation>
    </message>
    <message>
        <source>The keychain refused access</source>
        <translation>Der Schlüsselbund hat den Zugriff verweigert</translation>
    </message>
    <message>
        <source>The keychain did not answer in time (it may be locked)</source>
        <translation>Der Schlüsselbund hat nicht rechtzeitig geantwortet (er ist vielleicht gesperrt)</translation>
    </message>
    <message>
        <source>The keychain cannot be used</source>
        <translation>Der Schlüsselbund kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>%1: %2. Nothing is stored unless you choose to keep items for this session only.</source>
        <translation>%1: %2. Es wird nichts gespeichert, außer Sie entscheiden sich, Einträge nur für diese Sitzung zu behalten.</translation>
    </message>
    <message>
        <source>Session only: items are kept in memory until Sandcastle quits and never written to disk.</source>
        <translation>Nur diese Sitzung: Einträge bleiben bis zum Beenden von Sandcastle im Arbeitsspeicher und werden nie auf die Festplatte geschrieben.</translation>
    </message>
    <message>
        <source>Could not list the stored items: %1</source>
        <translation>Die gespeicherten Einträge konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Re&amp;place</source>
        <translation>&amp;Ersetzen</translation>
    </message>
    <message>
        <source>Not a valid name: %1</source>
        <translation>Kein gültiger Name: %1</translation>
    </message>
    <message>
        <source>Could not store “%1”: %2</source>
        <translation>„%1“ konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Replaced “%1”.</source>
        <translation>„%1“ ersetzt.</translation>
    </message>
    <message>
        <source>Stored “%1”.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Could not read “%1”: %2</source>
        <translation>„%1“ konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Delete Credential</source>
        <translation>Zugangsdaten löschen</translation>
    </message>
    <message>
        <source>Delete “%1”? This cannot be undone.</source>
        <translation>„%1“ löschen? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>Could not delete “%1”: %2</source>
        <translation>„%1“ konnte nicht gelöscht werden: %2</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::DemoProvider</name>
    <message>
        <source>Demo (recorded)</source>
        <translation>Demo (aufgezeichnet)</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::DiffView</name>
    <message>
        <source>Diff</source>
        <translation>Diff</translation>
    </message>
    <message>
        <source>reverted</source>
        <translation>rückgängig gemacht</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>angewendet</translation>
    </message>
    <message>
        <source>accepted (edited)</source>
        <translation>angenommen (bearbeitet)</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>undecided</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>The review left this file untouched.</source>
        <translation>Die Prüfung hat diese Datei unverändert gelassen.</translation>
    </message>
    <message>
        <source>Binary file added, %1</source>
        <translation>Binärdatei hinzugefügt, %1</translation>
    </message>
    <message>
        <source>Binary file deleted, %1</source>
        <translation>Binärdatei gelöscht, %1</translation>
    </message>
    <message>
        <source>Binary file, %1 -&gt; %2</source>
        <translation>Binärdatei, %1 -&gt; %2</translation>
    </message>
    <message>
        <source>Renamed from %1, content unchanged</source>
        <translation>Umbenannt von %1, Inhalt unverändert</translation>
    </message>
    <message>
        <source>Empty file added</source>
        <translation>Leere Datei hinzugefügt</translation>
    </message>
    <message>
        <source>Empty file deleted</source>
        <translation>Leere Datei gelöscht</translation>
    </message>
    <message>
        <source>Content unchanged</source>
        <translation>Inhalt unverändert</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>verschoben</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>CRLF</source>
        <translation>CRLF</translation>
    </message>
    <message numerus="yes">
        <source>⋯ %n unchanged line(s), click to expand ⋯</source>
        <translation>
            <numerusform>⋯ %n unveränderte Zeile, zum Aufklappen klicken ⋯</numerusform>
            <numerusform>⋯ %n unveränderte Zeilen, zum Aufklappen klicken ⋯</numerusform>
        </translation>
    </message>
    <message>
        <source>no newline at end of file</source>
        <translation>kein Zeilenumbruch am Dateiende</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::GitStatusModel</name>
    <message>
        <source>M  %1</source>
        <translation>M  %1</translation>
    </message>
    <message>
        <source>A  %1</source>
        <translation>A  %1</translation>
    </message>
    <message>
        <source>D  %1</source>
        <translation>D  %1</translation>
    </message>
    <message>
        <source>?  %1</source>
        <translation>?  %1</translation>
    </message>
    <message>
        <source>%1: modified since HEAD</source>
        <translation>%1: seit HEAD geändert</translation>
    </message>
    <message>
        <source>%1: added (in the index, not in HEAD)</source>
        <translation>%1: hinzugefügt (im Index, nicht in HEAD)</translation>
    </message>
    <message>
        <source>%1: deleted since HEAD</source>
        <translation>%1: seit HEAD gelöscht</translation>
    </message>
    <message>
        <source>%1: untracked</source>
        <translation>%1: nicht versioniert</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::HunkEditDialog</name>
    <message>
        <source>New text of the hunk</source>
        <translation>Neuer Text des Abschnitts</translation>
    </message>
    <message>
        <source>Edit Hunk</source>
        <translation>Abschnitt bearbeiten</translation>
    </message>
    <message>
        <source>%1 %2: the text below replaces the hunk&apos;s lines (its context included).</source>
        <translation>%1 %2: Der Text unten ersetzt die Zeilen des Abschnitts (einschließlich Kontext).</translation>
    </message>
    <message>
        <source>Accept Edited Hunk</source>
        <translation>Bearbeiteten Abschnitt annehmen</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::MainWindow</name>
    <message>
        <source>Sandcastle</source>
        <translation>Sandcastle</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Shell log</source>
        <translation>Shell-Protokoll</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Gedächtnis</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>%1 - Sandcastle</source>
        <translation>%1 - Sandcastle</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>Use a folder as the workspace of the next run</source>
        <translation>Einen Ordner als Arbeitsbereich des nächsten Laufs verwenden</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Manifest…</source>
        <translation>&amp;Manifest öffnen…</translation>
    </message>
    <message>
        <source>Run on a workspace built from a manifest</source>
        <translation>Auf einem aus einem Manifest erzeugten Arbeitsbereich laufen</translation>
    </message>
    <message>
        <source>Open Manifest</source>
        <translation>Manifest öffnen</translation>
    </message>
    <message>
        <source>Manifests (*.json);;All files (*)</source>
        <translation>Manifeste (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>Cannot create the workspace folder %1</source>
        <translation>Der Arbeitsbereichsordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Manifest %1: the workspace is %2, a folder next to the manifest</source>
        <translation>Manifest %1: Der Arbeitsbereich ist %2, ein Ordner neben dem Manifest</translation>
    </message>
    <message>
        <source>Manifest %1: the workspace is %2, in the application data folder</source>
        <translation>Manifest %1: Der Arbeitsbereich ist %2, im Datenordner der Anwendung</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Credentials…</source>
        <translation>&amp;Zugangsdaten…</translation>
    </message>
    <message>
        <source>Store, replace or delete API keys and secrets</source>
        <translation>API-Schlüssel und Geheimnisse speichern, ersetzen oder löschen</translation>
    </message>
    <message>
        <source>Model &amp;Providers…</source>
        <translation>Modell&amp;anbieter…</translation>
    </message>
    <message>
        <source>Add, edit, test or delete model provider profiles</source>
        <translation>Modellanbieter-Profile hinzufügen, bearbeiten, testen oder löschen</translation>
    </message>
    <message>
        <source>First-Run &amp;Setup…</source>
        <translation>Erst&amp;einrichtung…</translation>
    </message>
    <message>
        <source>Choose a model provider, test its key and store it</source>
        <translation>Einen Modellanbieter wählen, seinen Schlüssel testen und speichern</translation>
    </message>
    <message>
        <source>Port %1 is listening in the sandbox but cannot be previewed: %2</source>
        <translation>Port %1 lauscht in der Sandbox, kann aber nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>&amp;New Manifest…</source>
        <translation>&amp;Neues Manifest…</translation>
    </message>
    <message>
        <source>Create a manifest in the manifest editor</source>
        <translation>Ein Manifest im Manifest-Editor anlegen</translation>
    </message>
    <message>
        <source>&amp;Edit Manifest…</source>
        <translation>Manifest &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the manifest of the next run, or open one to edit</source>
        <translation>Das Manifest des nächsten Laufs bearbeiten oder eines zum Bearbeiten öffnen</translation>
    </message>
    <message>
        <source>Edit Manifest</source>
        <translation>Manifest bearbeiten</translation>
    </message>
    <message>
        <source>Cannot edit the manifest: %1</source>
        <translation>Das Manifest kann nicht bearbeitet werden: %1</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ManifestEditor</name>
    <message>
        <source>Manifest entries</source>
        <translation>Manifest-Einträge</translation>
    </message>
    <message>
        <source>Manifest status</source>
        <translation>Manifest-Status</translation>
    </message>
    <message>
        <source>Manifest Editor</source>
        <translation>Manifest-Editor</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add an entry</source>
        <translation>Einen Eintrag hinzufügen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Lokale Datei</translation>
    </message>
    <message>
        <source>Local directory</source>
        <translation>Lokales Verzeichnis</translation>
    </message>
    <message>
        <source>Git repository</source>
        <translation>Git-Repository</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>Umgebungsvariable</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the entry</source>
        <translation>Den Eintrag entfernen</translation>
    </message>
    <message>
        <source>Path or name:</source>
        <translation>Pfad oder Name:</translation>
    </message>
    <message>
        <source>Path or name</source>
        <translation>Pfad oder Name</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Source on this computer:</source>
        <translation>Quelle auf diesem Computer:</translation>
    </message>
    <message>
        <source>Source on this computer</source>
        <translation>Quelle auf diesem Computer</translation>
    </message>
    <message>
        <source>Repository:</source>
        <translation>Repository:</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Ref:</source>
        <translation>Ref:</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>Ref</translation>
    </message>
    <message>
        <source>Subpath:</source>
        <translation>Unterpfad:</translation>
    </message>
    <message>
        <source>Subpath</source>
        <translation>Unterpfad</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>Wert:</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Ephemeral:</source>
        <translation>Flüchtig:</translation>
    </message>
    <message>
        <source>not kept in snapshots or session state</source>
        <translation>nicht in Snapshots oder im Sitzungszustand gespeichert</translation>
    </message>
    <message>
        <source>Ephemeral</source>
        <translation>Flüchtig</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>owner/name, a URL or a local path</source>
        <translation>Besitzer/Name, eine URL oder ein lokaler Pfad</translation>
    </message>
    <message>
        <source>relative path, e.g. src/main.c</source>
        <translation>relativer Pfad, z. B. src/main.c</translation>
    </message>
    <message>
        <source>Save the manifest</source>
        <translation>Das Manifest speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Save the manifest as</source>
        <translation>Das Manifest speichern unter</translation>
    </message>
    <message>
        <source>Save and &amp;Use for the Next Run</source>
        <translation>Speichern und für den nächsten Lauf &amp;verwenden</translation>
    </message>
    <message>
        <source>Save and use for the next run</source>
        <translation>Speichern und für den nächsten Lauf verwenden</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is used twice</source>
        <translation>&quot;%1&quot; wird doppelt verwendet</translation>
    </message>
    <message numerus="yes">
        <source>The manifest is valid (%n entries and variables).</source>
        <translation>
            <numerusform>Das Manifest ist gültig (%n Eintrag oder Variable).</numerusform>
            <numerusform>Das Manifest ist gültig (%n Einträge und Variablen).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: not a JSON object (%2 at offset %3)</source>
        <translation>%1: kein JSON-Objekt (%2 bei Offset %3)</translation>
    </message>
    <message>
        <source>Manifest Editor – %1</source>
        <translation>Manifest-Editor – %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Save Manifest</source>
        <translation>Manifest speichern</translation>
    </message>
    <message>
        <source>Manifests (*.json);;All files (*)</source>
        <translation>Manifeste (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Mount</source>
        <translation>Ein&amp;gehängter Speicher</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the source on this computer</source>
        <translation>Die Quelle auf diesem Computer auswählen</translation>
    </message>
    <message>
        <source>Mount path:</source>
        <translation>Einhängepfad:</translation>
    </message>
    <message>
        <source>Mount path</source>
        <translation>Einhängepfad</translation>
    </message>
    <message>
        <source>Read-only:</source>
        <translation>Nur lesen:</translation>
    </message>
    <message>
        <source>the agent cannot change the mounted files</source>
        <translation>der Agent kann die eingehängten Dateien nicht ändern</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Nur lesen</translation>
    </message>
    <message>
        <source>Mount strategy</source>
        <translation>Einhängeverfahren</translation>
    </message>
    <message>
        <source>Docker volume</source>
        <translation>Docker-Volume</translation>
    </message>
    <message>
        <source>In the container (%1)</source>
        <translation>Im Container (%1)</translation>
    </message>
    <message>
        <source>Mount strategy:</source>
        <translation>Einhängeverfahren:</translation>
    </message>
    <message>
        <source>Choose the Local File</source>
        <translation>Lokale Datei auswählen</translation>
    </message>
    <message>
        <source>Choose the Local Directory</source>
        <translation>Lokales Verzeichnis auswählen</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ManifestEntryModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>$%1 (environment)</source>
        <translation>$%1 (Umgebung)</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::MemoryModel</name>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Handbook</source>
        <translation>Handbuch</translation>
    </message>
    <message>
        <source>Rollout summaries</source>
        <translation>Rollout-Zusammenfassungen</translation>
    </message>
    <message>
        <source>Raw memories</source>
        <translation>Rohe Erinnerungen</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>Skills</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::MemoryView</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Memory files</source>
        <translation>Gedächtnisdateien</translation>
    </message>
    <message>
        <source>No memory yet. Runs with the memory capability keep their summary, handbook and rollout summaries here.</source>
        <translation>Noch kein Gedächtnis. Läufe mit der Memory-Fähigkeit legen hier ihre Zusammenfassung, ihr Handbuch und ihre Rollout-Zusammenfassungen ab.</translation>
    </message>
    <message>
        <source>Memory file text</source>
        <translation>Text der Gedächtnisdatei</translation>
    </message>
    <message>
        <source>Write your edits to the file (Ctrl+S)</source>
        <translation>Änderungen in die Datei schreiben (Strg+S)</translation>
    </message>
    <message>
        <source>Read the file again and drop unsaved edits</source>
        <translation>Datei neu einlesen und ungespeicherte Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>
[only the first %1 are shown]</source>
        <translation>
[nur die ersten %1 werden angezeigt]</translation>
    </message>
    <message>
        <source>This file changed on disk while you were editing it. Reload to see the new version (your edits are dropped), or save to keep yours.</source>
        <translation>Diese Datei wurde auf der Festplatte geändert, während Sie sie bearbeitet haben. Laden Sie neu, um die neue Fassung zu sehen (Ihre Änderungen gehen verloren), oder speichern Sie, um Ihre zu behalten.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::PreviewConsoleModel</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::PreviewDock</name>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Go to address bar</source>
        <translation>Zur Adresszeile</translation>
    </message>
    <message>
        <source>Auto-reload</source>
        <translation>Automatisch neu laden</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>Im Browser öffnen</translation>
    </message>
    <message>
        <source>Developer tools</source>
        <translation>Entwicklerwerkzeuge</translation>
    </message>
    <message>
        <source>No preview open. Ports the sandbox listens on are offered here.</source>
        <translation>Keine Vorschau geöffnet. Ports, auf denen die Sandbox lauscht, werden hier angeboten.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview toolbar</source>
        <translation>Vorschau-Werkzeugleiste</translation>
    </message>
    <message>
        <source>Reload the page (Ctrl+R)</source>
        <translation>Seite neu laden (Strg+R)</translation>
    </message>
    <message>
        <source>Developer tools (F12)</source>
        <translation>Entwicklerwerkzeuge (F12)</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Page address</source>
        <translation>Seitenadresse</translation>
    </message>
    <message>
        <source>Preview notice</source>
        <translation>Vorschau-Hinweis</translation>
    </message>
    <message>
        <source>Preview tabs</source>
        <translation>Vorschau-Tabs</translation>
    </message>
    <message>
        <source>Page console</source>
        <translation>Seitenkonsole</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Send to agent</source>
        <translation>An den Agenten senden</translation>
    </message>
    <message>
        <source>Send the console messages to the agent</source>
        <translation>Die Konsolenmeldungen an den Agenten senden</translation>
    </message>
    <message>
        <source>Hand the selected console messages (or all) to the agent</source>
        <translation>Die ausgewählten (oder alle) Konsolenmeldungen an den Agenten übergeben</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear the console</source>
        <translation>Konsole leeren</translation>
    </message>
    <message>
        <source>The preview cannot start: %1</source>
        <translation>Die Vorschau kann nicht starten: %1</translation>
    </message>
    <message>
        <source>Port %1</source>
        <translation>Port %1</translation>
    </message>
    <message>
        <source>Blocked: %1 (local files and unknown schemes never open in the preview)</source>
        <translation>Blockiert: %1 (lokale Dateien und unbekannte Schemata öffnen sich nie in der Vorschau)</translation>
    </message>
    <message>
        <source>Port %1 offer</source>
        <translation>Angebot für Port %1</translation>
    </message>
    <message>
        <source>Port %1 is listening in the sandbox</source>
        <translation>Port %1 lauscht in der Sandbox</translation>
    </message>
    <message>
        <source>Preview port %1</source>
        <translation>Vorschau von Port %1</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Dismiss port %1</source>
        <translation>Port %1 verwerfen</translation>
    </message>
    <message>
        <source>Leave the sandbox?</source>
        <translation>Die Sandbox verlassen?</translation>
    </message>
    <message>
        <source>The preview wants to open %1, which the sandbox does not serve. Open it?</source>
        <translation>Die Vorschau möchte %1 öffnen, das nicht von der Sandbox bereitgestellt wird. Öffnen?</translation>
    </message>
    <message>
        <source>Save download</source>
        <translation>Download speichern</translation>
    </message>
    <message>
        <source>Reload the previews when workspace files change (Ctrl+Alt+R)</source>
        <translation>Vorschauen neu laden, wenn sich Dateien im Arbeitsbereich ändern (Strg+Alt+R)</translation>
    </message>
    <message>
        <source>Open the page in the system browser (Ctrl+Shift+B)</source>
        <translation>Seite im Systembrowser öffnen (Strg+Umschalt+B)</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::PreviewTab</name>
    <message>
        <source>Preview status</source>
        <translation>Vorschau-Status</translation>
    </message>
    <message>
        <source>%1 (stopped)</source>
        <translation>%1 (gestoppt)</translation>
    </message>
    <message>
        <source>The server on port %1 stopped listening. The page shows what it last loaded.</source>
        <translation>Der Server auf Port %1 lauscht nicht mehr. Die Seite zeigt, was sie zuletzt geladen hat.</translation>
    </message>
    <message>
        <source>Developer tools: %1</source>
        <translation>Entwicklerwerkzeuge: %1</translation>
    </message>
    <message>
        <source>Developer tools</source>
        <translation>Entwicklerwerkzeuge</translation>
    </message>
    <message>
        <source>Blocked: %1 (local files and unknown schemes never open in the preview)</source>
        <translation>Blockiert: %1 (lokale Dateien und unbekannte Schemata öffnen sich nie in der Vorschau)</translation>
    </message>
    <message>
        <source>Blocked: %1 is outside the sandbox</source>
        <translation>Blockiert: %1 liegt außerhalb der Sandbox</translation>
    </message>
    <message>
        <source>Download requested: %1</source>
        <translation>Download angefordert: %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Download not saved: %1</source>
        <translation>Download nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>The page stopped (%1). Reload to start it again.</source>
        <translation>Die Seite wurde beendet (%1). Neu laden startet sie wieder.</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ProfileForm</name>
    <message>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <source>Provider kind</source>
        <translation>Anbieterart</translation>
    </message>
    <message>
        <source>OpenAI (Responses API)</source>
        <translation>OpenAI (Responses-API)</translation>
    </message>
    <message>
        <source>Responses-compatible server (LM Studio, Ollama)</source>
        <translation>Responses-kompatibler Server (LM Studio, Ollama)</translation>
    </message>
    <message>
        <source>Chat Completions server (llama.cpp, vLLM, Jan)</source>
        <translation>Chat-Completions-Server (llama.cpp, vLLM, Jan)</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Context window</source>
        <translation>Kontextfenster</translation>
    </message>
    <message>
        <source>known from the model</source>
        <translation>vom Modell bekannt</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <source>The server keeps conversation state</source>
        <translation>Der Server speichert den Gesprächszustand</translation>
    </message>
    <message>
        <source>Send previous_response_id and only the new items each turn</source>
        <translation>In jedem Schritt previous_response_id und nur die neuen Einträge senden</translation>
    </message>
    <message>
        <source>API key item</source>
        <translation>API-Schlüssel-Eintrag</translation>
    </message>
    <message>
        <source>none (most local servers)</source>
        <translation>keiner (die meisten lokalen Server)</translation>
    </message>
    <message>
        <source>The name of the keychain item that holds the API key</source>
        <translation>Der Name des Schlüsselbund-Eintrags mit dem API-Schlüssel</translation>
    </message>
    <message>
        <source>Profile message</source>
        <translation>Profilmeldung</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Context window:</source>
        <translation>&amp;Kontextfenster:</translation>
    </message>
    <message>
        <source>API &amp;key item:</source>
        <translation>API-&amp;Schlüssel-Eintrag:</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ProfilesDialog</name>
    <message>
        <source>The test failed: %1</source>
        <translation>Der Test ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The provider answered in %1 ms and offers the model %2.</source>
        <translation>Der Anbieter hat in %1 ms geantwortet und bietet das Modell %2 an.</translation>
    </message>
    <message numerus="yes">
        <source>The provider answered in %1 ms, but does not list the model %2 (%n model(s) listed; some servers list only loaded models).</source>
        <translation>
            <numerusform>Der Anbieter hat in %1 ms geantwortet, führt das Modell %2 aber nicht auf (%n Modell aufgeführt; manche Server führen nur geladene Modelle auf).</numerusform>
            <numerusform>Der Anbieter hat in %1 ms geantwortet, führt das Modell %2 aber nicht auf (%n Modelle aufgeführt; manche Server führen nur geladene Modelle auf).</numerusform>
        </translation>
    </message>
    <message>
        <source>Model Providers</source>
        <translation>Modellanbieter</translation>
    </message>
    <message>
        <source>Provider profiles</source>
        <translation>Anbieterprofile</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Ask the provider for its model list with this profile&apos;s key (costs no tokens)</source>
        <translation>Den Anbieter mit dem Schlüssel dieses Profils nach seiner Modellliste fragen (kostet keine Tokens)</translation>
    </message>
    <message>
        <source>The profiles cannot be read, so nothing is saved: %1</source>
        <translation>Die Profile können nicht gelesen werden, daher wird nichts gespeichert: %1</translation>
    </message>
    <message>
        <source>Profiles are kept in %1. API keys are not: they stay in the keychain.</source>
        <translation>Profile liegen in %1. API-Schlüssel nicht: Sie bleiben im Schlüsselbund.</translation>
    </message>
    <message>
        <source>%1 (last used)</source>
        <translation>%1 (zuletzt verwendet)</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Delete Profile</source>
        <translation>Profil löschen</translation>
    </message>
    <message>
        <source>Delete the provider profile &quot;%1&quot;? Its API key stays in the keychain.</source>
        <translation>Das Anbieterprofil „%1“ löschen? Sein API-Schlüssel bleibt im Schlüsselbund.</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>%1 wird getestet…</translation>
    </message>
    <message>
        <source>The API key could not be read: %1</source>
        <translation>Der API-Schlüssel konnte nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ProgressStrip</name>
    <message>
        <source>Running step</source>
        <translation>Laufender Schritt</translation>
    </message>
    <message>
        <source>Progress of the running step</source>
        <translation>Fortschritt des laufenden Schritts</translation>
    </message>
    <message>
        <source>Progress counts</source>
        <translation>Fortschrittszähler</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running step</source>
        <translation>Den laufenden Schritt abbrechen</translation>
    </message>
    <message>
        <source>Stop this step and end the run as cancelled; nothing half-written is kept</source>
        <translation>Diesen Schritt anhalten und den Lauf als abgebrochen beenden; nichts halb Geschriebenes bleibt zurück</translation>
    </message>
    <message>
        <source>Materializing the workspace</source>
        <translation>Arbeitsbereich wird angelegt</translation>
    </message>
    <message>
        <source>Preparing the sandbox</source>
        <translation>Sandbox wird vorbereitet</translation>
    </message>
    <message>
        <source>Snapshotting the workspace</source>
        <translation>Schnappschuss des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>counting the entries…</source>
        <translation>Einträge werden gezählt…</translation>
    </message>
    <message>
        <source>%1 / %2 entries, %3</source>
        <translation>%1 / %2 Einträge, %3</translation>
    </message>
    <message>
        <source>%1 files scanned, %2 stored</source>
        <translation>%1 Dateien durchsucht, %2 gespeichert</translation>
    </message>
    <message>
        <source>%1 / %2 files, %3 stored</source>
        <translation>%1 / %2 Dateien, %3 gespeichert</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::RecentWorkspacesMenu</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open a workspace folder or manifest used before</source>
        <translation>Einen früher verwendeten Ordner oder ein Manifest öffnen</translation>
    </message>
    <message>
        <source>%1 %2 (manifest)</source>
        <translation>%1 %2 (Manifest)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1 (nicht gefunden)</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>%1 no longer exists</source>
        <translation>%1 existiert nicht mehr</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>Forget the recently opened workspaces</source>
        <translation>Die zuletzt geöffneten Arbeitsbereiche vergessen</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ReviewFileModel</name>
    <message>
        <source>%1  (binary)</source>
        <translation>%1  (binär)</translation>
    </message>
    <message>
        <source>%1: %2, %3 lines added, %4 removed</source>
        <translation>%1: %2, %3 Zeilen hinzugefügt, %4 entfernt</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ReviewView</name>
    <message>
        <source>Turn %1 · %2 · %3</source>
        <translation>Runde %1 · %2 · %3</translation>
    </message>
    <message>
        <source>No workspace is open, so there is no run journal to read.</source>
        <translation>Es ist kein Arbeitsbereich geöffnet, daher gibt es kein Laufjournal zum Lesen.</translation>
    </message>
    <message>
        <source>Cannot read the change set: %1</source>
        <translation>Der Änderungssatz kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No recorded change for %1: %2</source>
        <translation>Keine aufgezeichnete Änderung für %1: %2</translation>
    </message>
    <message>
        <source>This change set no longer waits for a decision (its run has stopped); nothing was written.</source>
        <translation>Dieser Änderungssatz wartet nicht mehr auf eine Entscheidung (sein Lauf wurde beendet); nichts wurde geschrieben.</translation>
    </message>
    <message numerus="yes">
        <source>Decision sent: %n hunk(s) accepted.</source>
        <translation>
            <numerusform>Entscheidung gesendet: %n Abschnitt angenommen.</numerusform>
            <numerusform>Entscheidung gesendet: %n Abschnitte angenommen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reverting a turn needs its run: continue or resume the run first.</source>
        <translation>Das Zurücknehmen einer Runde braucht ihren Lauf: Setzen Sie den Lauf zuerst fort.</translation>
    </message>
    <message>
        <source>Revert failed: %1</source>
        <translation>Zurücknehmen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Reverted: %1</source>
        <translation>Zurückgenommen: %1</translation>
    </message>
    <message>
        <source>Nothing was reverted: these places changed since the edit.</source>
        <translation>Nichts wurde zurückgenommen: Diese Stellen haben sich seit der Bearbeitung geändert.</translation>
    </message>
    <message>
        <source>%1 (whole file): %2</source>
        <translation>%1 (ganze Datei): %2</translation>
    </message>
    <message>
        <source>%1 hunk %2 %3: %4</source>
        <translation>%1 Abschnitt %2 %3: %4</translation>
    </message>
    <message>
        <source>Current lines:</source>
        <translation>Aktuelle Zeilen:</translation>
    </message>
    <message numerus="yes">
        <source>Revert refused: %n conflict(s), nothing was overwritten.</source>
        <translation>
            <numerusform>Zurücknehmen abgelehnt: %n Konflikt, nichts wurde überschrieben.</numerusform>
            <numerusform>Zurücknehmen abgelehnt: %n Konflikte, nichts wurde überschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>No application opens %1</source>
        <translation>Keine Anwendung öffnet %1</translation>
    </message>
    <message>
        <source>Export as Patch</source>
        <translation>Als Patch exportieren</translation>
    </message>
    <message>
        <source>Patches (*.patch *.diff)</source>
        <translation>Patches (*.patch *.diff)</translation>
    </message>
    <message>
        <source>Patch saved to %1</source>
        <translation>Patch gespeichert unter %1</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Agent changes of turn %1

%2</source>
        <translation>Änderungen des Agenten in Runde %1

%2</translation>
    </message>
    <message>
        <source>Committed %1</source>
        <translation>Committet: %1</translation>
    </message>
    <message>
        <source>Commit failed: %1</source>
        <translation>Commit fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Changed files</source>
        <translation>Geänderte Dateien</translation>
    </message>
    <message>
        <source>Change set</source>
        <translation>Änderungssatz</translation>
    </message>
    <message>
        <source>Review message</source>
        <translation>Prüfmeldung</translation>
    </message>
    <message>
        <source>Recorded change sets</source>
        <translation>Aufgezeichnete Änderungssätze</translation>
    </message>
    <message>
        <source>Review edits before writing</source>
        <translation>Bearbeitungen vor dem Schreiben prüfen</translation>
    </message>
    <message>
        <source>Revert conflicts</source>
        <translation>Konflikte beim Zurücknehmen</translation>
    </message>
    <message>
        <source>Comment for the agent</source>
        <translation>Kommentar für den Agenten</translation>
    </message>
    <message>
        <source>Decision summary</source>
        <translation>Zusammenfassung der Entscheidung</translation>
    </message>
    <message>
        <source>Apply decision</source>
        <translation>Entscheidung anwenden</translation>
    </message>
    <message>
        <source>Comment for the agent (optional)</source>
        <translation>Kommentar für den Agenten (optional)</translation>
    </message>
    <message>
        <source>Runs started from now on hold every apply_patch edit here until you decide; otherwise edits are written at once and can be reverted</source>
        <translation>Ab jetzt gestartete Läufe halten jede apply_patch-Bearbeitung hier zurück, bis Sie entscheiden; sonst werden Bearbeitungen sofort geschrieben und können zurückgenommen werden</translation>
    </message>
    <message>
        <source>No change sets yet</source>
        <translation>Noch keine Änderungssätze</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Zurücknehmen</translation>
    </message>
    <message>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Next hunk (J or Alt+Down)</source>
        <translation>Nächster Abschnitt (J oder Alt+Runter)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Previous hunk (K or Alt+Up)</source>
        <translation>Vorheriger Abschnitt (K oder Alt+Hoch)</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Accept this hunk (A)</source>
        <translation>Diesen Abschnitt annehmen (A)</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Reject this hunk (R)</source>
        <translation>Diesen Abschnitt ablehnen (R)</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit the new text of this hunk; your text is written instead (E)</source>
        <translation>Den neuen Text dieses Abschnitts bearbeiten; stattdessen wird Ihr Text geschrieben (E)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open the file in the system editor (O)</source>
        <translation>Die Datei im Editor des Systems öffnen (O)</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Switch between unified and side-by-side diff (S)</source>
        <translation>Zwischen einheitlichem und nebeneinanderstehendem Diff wechseln (S)</translation>
    </message>
    <message>
        <source>Write the accepted hunks and tell the agent which were rejected (Alt+Return); undecided hunks are rejected</source>
        <translation>Die angenommenen Abschnitte schreiben und dem Agenten mitteilen, welche abgelehnt wurden (Alt+Eingabe); offene Abschnitte gelten als abgelehnt</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>Alle annehmen</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>Alle ablehnen</translation>
    </message>
    <message>
        <source>Revert hunk</source>
        <translation>Abschnitt zurücknehmen</translation>
    </message>
    <message>
        <source>Undo this hunk on disk if the file still holds it (Shift+R)</source>
        <translation>Diesen Abschnitt auf der Festplatte rückgängig machen, wenn die Datei ihn noch enthält (Umschalt+R)</translation>
    </message>
    <message>
        <source>Revert file</source>
        <translation>Datei zurücknehmen</translation>
    </message>
    <message>
        <source>Revert change set</source>
        <translation>Änderungssatz zurücknehmen</translation>
    </message>
    <message>
        <source>Revert turn</source>
        <translation>Runde zurücknehmen</translation>
    </message>
    <message>
        <source>Export as patch…</source>
        <translation>Als Patch exportieren…</translation>
    </message>
    <message>
        <source>Commit accepted changes…</source>
        <translation>Angenommene Änderungen committen…</translation>
    </message>
    <message>
        <source>No change set. Edits of the agent appear here; activate a change in the Changes dock to review it.</source>
        <translation>Kein Änderungssatz. Bearbeitungen des Agenten erscheinen hier; aktivieren Sie eine Änderung im Bereich Änderungen, um sie zu prüfen.</translation>
    </message>
    <message numerus="yes">
        <source>Review before writing: turn %1, %n file(s), +%2 −%3</source>
        <translation>
            <numerusform>Prüfung vor dem Schreiben: Runde %1, %n Datei, +%2 −%3</numerusform>
            <numerusform>Prüfung vor dem Schreiben: Runde %1, %n Dateien, +%2 −%3</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 accepted, %2 rejected, %3 undecided</source>
        <translation>%1 angenommen, %2 abgelehnt, %3 offen</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2) in turn %3: %n file(s), +%4 −%5</source>
        <translation>
            <numerusform>%1 (%2) in Runde %3: %n Datei, +%4 −%5</numerusform>
            <numerusform>%1 (%2) in Runde %3: %n Dateien, +%4 −%5</numerusform>
        </translation>
    </message>
    <message>
        <source>Export or commit this change set</source>
        <translation>Diesen Änderungssatz exportieren oder committen</translation>
    </message>
    <message>
        <source>Export this change set as a patch (the workspace is not a git repository, so it cannot be committed)</source>
        <translation>Diesen Änderungssatz als Patch exportieren (der Arbeitsbereich ist kein Git-Repository, daher kann er nicht committet werden)</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>Show the proposed hunks with the decisions recorded for them (D); off: what was written, which reverts act on</source>
        <translation>Die vorgeschlagenen Abschnitte mit den dazu festgehaltenen Entscheidungen zeigen (D); aus: was geschrieben wurde, worauf sich Rücknahmen beziehen</translation>
    </message>
    <message>
        <source>Working tree against HEAD</source>
        <translation>Arbeitsverzeichnis gegenüber HEAD</translation>
    </message>
    <message>
        <source>Working tree against HEAD: %1</source>
        <translation>Arbeitsverzeichnis gegenüber HEAD: %1</translation>
    </message>
    <message>
        <source>Working tree against HEAD: clean</source>
        <translation>Arbeitsverzeichnis gegenüber HEAD: unverändert</translation>
    </message>
    <message numerus="yes">
        <source>Working tree against HEAD: %n path(s)</source>
        <translation>
            <numerusform>Arbeitsverzeichnis gegenüber HEAD: %n Pfad</numerusform>
            <numerusform>Arbeitsverzeichnis gegenüber HEAD: %n Pfade</numerusform>
        </translation>
    </message>
    <message>
        <source>Decided: %1 accepted, %2 rejected</source>
        <translation>Entschieden: %1 angenommen, %2 abgelehnt</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>Kommentar: %1</translation>
    </message>
    <message>
        <source>Accept every hunk (Shift+A)</source>
        <translation>Jeden Abschnitt annehmen (Umschalt+A)</translation>
    </message>
    <message>
        <source>Reject every hunk (Shift+X)</source>
        <translation>Jeden Abschnitt ablehnen (Umschalt+X)</translation>
    </message>
    <message>
        <source>Undo this file&apos;s change (Shift+F)</source>
        <translation>Die Änderung dieser Datei rückgängig machen (Umschalt+F)</translation>
    </message>
    <message>
        <source>Undo every file of this change set (Shift+C)</source>
        <translation>Jede Datei dieses Änderungssatzes rückgängig machen (Umschalt+C)</translation>
    </message>
    <message>
        <source>Undo every change of this change set&apos;s turn (Shift+T)</source>
        <translation>Jede Änderung der Runde dieses Änderungssatzes rückgängig machen (Umschalt+T)</translation>
    </message>
    <message>
        <source>Save the change set as a git patch (Ctrl+Alt+E)</source>
        <translation>Den Änderungssatz als Git-Patch speichern (Strg+Alt+E)</translation>
    </message>
    <message>
        <source>Commit the files this change set wrote (Ctrl+Shift+G)</source>
        <translation>Die Dateien committen, die dieser Änderungssatz geschrieben hat (Strg+Umschalt+G)</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::RunPanel</name>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Describe the task for the agent, then press Run (Ctrl+Return).</source>
        <translation>Beschreiben Sie die Aufgabe für den Agenten und drücken Sie dann Starten (Strg+Eingabe).</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Start a new conversation with this task (Ctrl+Return)</source>
        <translation>Eine neue Unterhaltung mit dieser Aufgabe beginnen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>A&amp;nhalten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Cancel the running agent (Esc)</source>
        <translation>Den laufenden Agenten abbrechen (Esc)</translation>
    </message>
    <message>
        <source>C&amp;ontinue</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Send this message in the same conversation (Ctrl+Shift+Return)</source>
        <translation>Diese Nachricht in derselben Unterhaltung senden (Strg+Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Unix-local</source>
        <translation>Unix-lokal</translation>
    </message>
    <message>
        <source>Docker</source>
        <translation>Docker</translation>
    </message>
    <message>
        <source>Confinement</source>
        <translation>Abschottung</translation>
    </message>
    <message>
        <source>Automatic (bubblewrap)</source>
        <translation>Automatisch (bubblewrap)</translation>
    </message>
    <message>
        <source>None (commands run on the host)</source>
        <translation>Keine (Befehle laufen auf dem Host)</translation>
    </message>
    <message>
        <source>Docker image</source>
        <translation>Docker-Image</translation>
    </message>
    <message>
        <source>default image</source>
        <translation>Standard-Image</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Run tools without asking</source>
        <translation>Werkzeuge ohne Nachfrage ausführen</translation>
    </message>
    <message>
        <source>Run status</source>
        <translation>Laufstatus</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Approval:</source>
        <translation>Freigabe:</translation>
    </message>
    <message>
        <source>Sandbox:</source>
        <translation>Sandbox:</translation>
    </message>
    <message>
        <source>Preparing: %1</source>
        <translation>Vorbereitung: %1</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>Der Lauf ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cannot start the run: %1</source>
        <translation>Der Lauf kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Cannot continue the conversation: %1</source>
        <translation>Die Unterhaltung kann nicht fortgesetzt werden: %1</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Bereit.</translation>
    </message>
    <message>
        <source>Preparing the workspace and sandbox…</source>
        <translation>Arbeitsbereich und Sandbox werden vorbereitet …</translation>
    </message>
    <message>
        <source>The agent is working…</source>
        <translation>Der Agent arbeitet …</translation>
    </message>
    <message>
        <source>Waiting for your approval.</source>
        <translation>Wartet auf Ihre Freigabe.</translation>
    </message>
    <message>
        <source>Finished. Type a message and press Continue, or Run for a new conversation.</source>
        <translation>Fertig. Geben Sie eine Nachricht ein und drücken Sie Weiter, oder Starten für eine neue Unterhaltung.</translation>
    </message>
    <message>
        <source>Cannot read the manifest: %1</source>
        <translation>Das Manifest kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>R&amp;esume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue the workspace&apos;s last run where it was stopped or crashed, without a new message (Ctrl+Shift+R)</source>
        <translation>Den letzten Lauf des Arbeitsbereichs dort fortsetzen, wo er angehalten wurde oder abgestürzt ist, ohne neue Nachricht (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <source>Cannot resume the run: %1</source>
        <translation>Der Lauf kann nicht fortgesetzt werden: %1</translation>
    </message>
    <message>
        <source>Resuming the last run…</source>
        <translation>Der letzte Lauf wird fortgesetzt…</translation>
    </message>
    <message>
        <source>Ready. The last run of this workspace stopped before its end: Resume continues it.</source>
        <translation>Bereit. Der letzte Lauf dieses Arbeitsbereichs endete vorzeitig: Fortsetzen setzt ihn fort.</translation>
    </message>
    <message>
        <source>Stopped before the end. Resume continues the run; or type a message and press Continue, or Run for a new conversation.</source>
        <translation>Vor dem Ende angehalten. Fortsetzen setzt den Lauf fort; oder geben Sie eine Nachricht ein und drücken Sie Weiter, oder Starten für eine neue Unterhaltung.</translation>
    </message>
    <message>
        <source>Model provider</source>
        <translation>Modellanbieter</translation>
    </message>
    <message>
        <source>The provider profile of the next run (Settings &gt; Model Providers edits them)</source>
        <translation>Das Anbieterprofil des nächsten Laufs (Einstellungen &gt; Modellanbieter bearbeitet sie)</translation>
    </message>
    <message>
        <source>Pro&amp;viders…</source>
        <translation>An&amp;bieter…</translation>
    </message>
    <message>
        <source>Edit providers</source>
        <translation>Anbieter bearbeiten</translation>
    </message>
    <message>
        <source>Add, edit, test or delete model provider profiles</source>
        <translation>Modellanbieter-Profile hinzufügen, bearbeiten, testen oder löschen</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Anbieter:</translation>
    </message>
    <message>
        <source>Custom (base URL)</source>
        <translation>Eigene (Basis-URL)</translation>
    </message>
    <message>
        <source>The provider profiles cannot be read: %1</source>
        <translation>Die Anbieterprofile können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Cannot read the provider profiles: %1</source>
        <translation>Die Anbieterprofile können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The provider profile &quot;%1&quot; no longer exists.</source>
        <translation>Das Anbieterprofil „%1“ existiert nicht mehr.</translation>
    </message>
    <message>
        <source>The Responses API base URL of the next run</source>
        <translation>Die Basis-URL der Responses-API für den nächsten Lauf</translation>
    </message>
    <message>
        <source>The base URL of the chosen profile (edit it with Providers…)</source>
        <translation>Die Basis-URL des gewählten Profils (mit „Anbieter…“ bearbeiten)</translation>
    </message>
    <message>
        <source>Exposed ports</source>
        <translation>Freigegebene Ports</translation>
    </message>
    <message>
        <source>ports, e.g. 8000 5173</source>
        <translation>Ports, z. B. 8000 5173</translation>
    </message>
    <message>
        <source>TCP ports the sandbox serves to this machine (127.0.0.1) for previews. Docker: publishing ports turns the container&apos;s network on. Other ports the agent opens are still detected and can be previewed.</source>
        <translation>TCP-Ports, die die Sandbox diesem Rechner (127.0.0.1) für Vorschauen anbietet. Docker: Das Veröffentlichen von Ports schaltet das Netzwerk des Containers ein. Andere Ports, die der Agent öffnet, werden trotzdem erkannt und können angezeigt werden.</translation>
    </message>
    <message>
        <source>Cannot start the recorded demo: %1</source>
        <translation>Die aufgezeichnete Demo kann nicht starten: %1</translation>
    </message>
    <message>
        <source>The recorded demo is served from a port on this machine; no API key is needed</source>
        <translation>Die aufgezeichnete Demo kommt von einem Port auf diesem Rechner; ein API-Schlüssel ist nicht nötig</translation>
    </message>
    <message>
        <source>Capabilities:</source>
        <translation>Fähigkeiten:</translation>
    </message>
    <message>
        <source>Ask before every command and patch</source>
        <translation>Vor jedem Befehl und Patch fragen</translation>
    </message>
    <message>
        <source>Ask only outside the workspace or for the network</source>
        <translation>Nur außerhalb des Arbeitsbereichs oder für das Netzwerk fragen</translation>
    </message>
    <message>
        <source>Outside the workspace or network: commands and patches that name paths outside the workspace, run in a directory outside it, or use the network (curl, git clone, package installs, ...) wait for your approval; everything else runs.</source>
        <translation>Außerhalb des Arbeitsbereichs oder Netzwerk: Befehle und Patches, die Pfade außerhalb des Arbeitsbereichs nennen, in einem Verzeichnis außerhalb laufen oder das Netzwerk nutzen (curl, git clone, Paketinstallationen, ...), warten auf Ihre Freigabe; alles andere läuft.</translation>
    </message>
    <message>
        <source>Edit &amp;Manifest…</source>
        <translation>&amp;Manifest bearbeiten…</translation>
    </message>
    <message>
        <source>Edit manifest</source>
        <translation>Manifest bearbeiten</translation>
    </message>
    <message>
        <source>Open the manifest of the next run in the manifest editor</source>
        <translation>Das Manifest des nächsten Laufs im Manifest-Editor öffnen</translation>
    </message>
    <message>
        <source>Snapshot after every turn</source>
        <translation>Snapshot nach jeder Runde</translation>
    </message>
    <message>
        <source>Snapshot the workspace after every round of tool calls, so that what shell commands changed can be reviewed and reverted like a patch</source>
        <translation>Nach jeder Runde von Werkzeugaufrufen einen Snapshot des Arbeitsbereichs anlegen, damit sich die Änderungen von Shell-Befehlen wie ein Patch prüfen und zurücknehmen lassen</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::SetupDialog</name>
    <message>
        <source>Set Up a Model Provider</source>
        <translation>Modellanbieter einrichten</translation>
    </message>
    <message>
        <source>Sandcastle&apos;s agent needs a model: OpenAI with an API key, or a server on this machine (LM Studio, Ollama, llama.cpp, vLLM). The bundled demo runs without one.</source>
        <translation>Der Agent von Sandcastle braucht ein Modell: OpenAI mit einem API-Schlüssel oder einen Server auf diesem Rechner (LM Studio, Ollama, llama.cpp, vLLM). Die mitgelieferte Demo läuft ohne.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>sk-… (leave empty for a local server without a key)</source>
        <translation>sk-… (leer lassen für einen lokalen Server ohne Schlüssel)</translation>
    </message>
    <message>
        <source>Keep the key for this session only (not stored anywhere)</source>
        <translation>Schlüssel nur für diese Sitzung behalten (nirgends gespeichert)</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Ask the provider for its model list with this key (costs no tokens)</source>
        <translation>Den Anbieter mit diesem Schlüssel nach seiner Modellliste fragen (kostet keine Tokens)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Not Now</source>
        <translation>&amp;Nicht jetzt</translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation>%1 wird getestet…</translation>
    </message>
    <message>
        <source>There is no keychain to store the key in; tick &quot;Keep the key for this session only&quot; to use it without storing it.</source>
        <translation>Es gibt keinen Schlüsselbund, in dem der Schlüssel gespeichert werden kann; „Schlüssel nur für diese Sitzung behalten“ ankreuzen, um ihn ohne Speichern zu verwenden.</translation>
    </message>
    <message>
        <source>The key was not stored: %1. Nothing was written; tick &quot;Keep the key for this session only&quot; to use it without a keychain.</source>
        <translation>Der Schlüssel wurde nicht gespeichert: %1. Nichts wurde geschrieben; „Schlüssel nur für diese Sitzung behalten“ ankreuzen, um ihn ohne Schlüsselbund zu verwenden.</translation>
    </message>
    <message>
        <source>The profile was not saved: %1</source>
        <translation>Das Profil wurde nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ShellLogDetail</name>
    <message>
        <source>Show all</source>
        <translation>Alles anzeigen</translation>
    </message>
    <message>
        <source>Command details</source>
        <translation>Befehlsdetails</translation>
    </message>
    <message>
        <source>Command output</source>
        <translation>Befehlsausgabe</translation>
    </message>
    <message>
        <source>Select a command to see its full output.</source>
        <translation>Wählen Sie einen Befehl, um seine vollständige Ausgabe zu sehen.</translation>
    </message>
    <message>
        <source>Show the whole output</source>
        <translation>Die ganze Ausgabe anzeigen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>Exit-Code %1</translation>
    </message>
    <message>
        <source>no exit code</source>
        <translation>kein Exit-Code</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Preparing the output…</source>
        <translation>Die Ausgabe wird vorbereitet…</translation>
    </message>
    <message>
        <source>Adding the rest of the output…</source>
        <translation>Der Rest der Ausgabe wird hinzugefügt…</translation>
    </message>
    <message>
        <source>Lines %1 to %2 of %3 shown.</source>
        <translation>Zeilen %1 bis %2 von %3 angezeigt.</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ShellLogModel</name>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>exit code %1, %2 ms</source>
        <translation>Exit-Code %1, %2 ms</translation>
    </message>
    <message>
        <source>no exit code, %1 ms</source>
        <translation>kein Exit-Code, %1 ms</translation>
    </message>
    <message>
        <source># in %1, %2</source>
        <translation># in %1, %2</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ShellLogSearchBar</name>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>Find in the shell log</source>
        <translation>Im Shell-Protokoll suchen</translation>
    </message>
    <message>
        <source>Find in commands and output</source>
        <translation>In Befehlen und Ausgaben suchen</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Vorheriger Treffer</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Nächster Treffer</translation>
    </message>
    <message>
        <source>Close the find bar (Escape)</source>
        <translation>Suchleiste schließen (Escape)</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>Suchleiste schließen</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ShellLogView</name>
    <message>
        <source>Commands</source>
        <translation>Befehle</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Keep the newest command in view (Ctrl+End)</source>
        <translation>Den neuesten Befehl im Blick behalten (Strg+Ende)</translation>
    </message>
    <message>
        <source>Copy the selected command and its output</source>
        <translation>Den ausgewählten Befehl und seine Ausgabe kopieren</translation>
    </message>
    <message>
        <source>Find in commands and output (Ctrl+F)</source>
        <translation>In Befehlen und Ausgaben suchen (Strg+F)</translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::WorkspaceTree</name>
    <message>
        <source>Manifest and workspace tree</source>
        <translation>Manifest- und Arbeitsbereichsbaum</translation>
    </message>
    <message>
        <source>The manifest cannot be shown: %1</source>
        <translation>Das Manifest kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Inotify is unavailable: changes are noticed by polling and may show late.</source>
        <translation>Inotify ist nicht verfügbar: Änderungen werden durch Abfragen bemerkt und erscheinen womöglich verspätet.</translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s) are not watched: the inotify limit of %1 watches is reached (/proc/sys/fs/inotify/max_user_watches). Their changes show after the run.</source>
        <translation>
            <numerusform>%n Ordner wird nicht überwacht: Die inotify-Grenze von %1 Überwachungen ist erreicht (/proc/sys/fs/inotify/max_user_watches). Seine Änderungen erscheinen nach dem Lauf.</numerusform>
            <numerusform>%n Ordner werden nicht überwacht: Die inotify-Grenze von %1 Überwachungen ist erreicht (/proc/sys/fs/inotify/max_user_watches). Ihre Änderungen erscheinen nach dem Lauf.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::WorkspaceTreeModel</name>
    <message>
        <source>created</source>
        <translation>erstellt</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifest</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s) inline</source>
        <translation>
            <numerusform>%n Byte eingebettet</numerusform>
            <numerusform>%n Bytes eingebettet</numerusform>
        </translation>
    </message>
    <message>
        <source>ephemeral</source>
        <translation>flüchtig</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run sandbox agents locally.</source>
        <translation>Sandbox-Agenten lokal ausführen.</translation>
    </message>
    <message>
        <source>Open DIR as the workspace.</source>
        <translation>VERZEICHNIS als Arbeitsbereich öffnen.</translation>
    </message>
    <message>
        <source>Write a PNG of the main window to FILE.</source>
        <translation>Ein PNG des Hauptfensters in DATEI schreiben.</translation>
    </message>
    <message>
        <source>Exit after writing the screenshot.</source>
        <translation>Nach dem Schreiben des Bildschirmfotos beenden.</translation>
    </message>
    <message>
        <source>Print the time to the first painted window and the idle memory, then exit.</source>
        <translation>Die Zeit bis zum ersten gezeichneten Fenster und den Speicher im Leerlauf ausgeben, dann beenden.</translation>
    </message>
</context>
</TS>
