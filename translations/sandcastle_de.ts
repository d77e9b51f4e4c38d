<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Sandcastle::Ui::MainWindow</name>
    <message>
        <source>Sandcastle</source>
        <translation>Sandcastle</translation>
    </message>
    <message>
        <source>Type a task and press Run to start an agent in this workspace.</source>
        <translation>Geben Sie eine Aufgabe ein und klicken Sie auf Ausführen, um einen Agenten in diesem Arbeitsbereich zu starten.</translation>
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
        <source>No preview yet: ports the agent serves appear here.</source>
        <translation>Noch keine Vorschau: Ports, die der Agent bereitstellt, erscheinen hier.</translation>
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
</context>
</TS>
