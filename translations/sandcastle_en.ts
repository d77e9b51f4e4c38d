<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Sandcastle::Ui::ConversationModel</name>
    <message numerus="yes">
        <source>Finished after %n turn(s).</source>
        <translation>
            <numerusform>Finished after %n turn.</numerusform>
            <numerusform>Finished after %n turns.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped at the turn limit (%n turn(s)).</source>
        <translation>
            <numerusform>Stopped at the turn limit (%n turn).</numerusform>
            <numerusform>Stopped at the turn limit (%n turns).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ConversationPane</name>
    <message numerus="yes">
        <source>%n more call(s) waiting.</source>
        <translation>
            <numerusform>%n more call waiting.</numerusform>
            <numerusform>%n more calls waiting.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::MemoryModel</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ProfilesDialog</name>
    <message numerus="yes">
        <source>The provider answered in %1 ms, but does not list the model %2 (%n model(s) listed; some servers list only loaded models).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
