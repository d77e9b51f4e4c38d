<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Sandcastle::Ui::ApprovalNotifier</name>
    <message numerus="yes">
        <source>%n tool call(s) waiting for your approval.</source>
        <translation>
            <numerusform>%n tool call waiting for your approval.</numerusform>
            <numerusform>%n tool calls waiting for your approval.</numerusform>
        </translation>
    </message>
</context>
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
    <name>Sandcastle::Ui::DiffView</name>
    <message numerus="yes">
        <source>⋯ %n unchanged line(s), click to expand ⋯</source>
        <translation>
            <numerusform>⋯ %n unchanged line, click to expand ⋯</numerusform>
            <numerusform>⋯ %n unchanged lines, click to expand ⋯</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::ManifestEditor</name>
    <message numerus="yes">
        <source>The manifest is valid (%n entries and variables).</source>
        <translation>
            <numerusform>The manifest is valid (%n entry or variable).</numerusform>
            <numerusform>The manifest is valid (%n entries and variables).</numerusform>
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
<context>
    <name>Sandcastle::Ui::ReviewView</name>
    <message numerus="yes">
        <source>Decision sent: %n hunk(s) accepted.</source>
        <translation>
            <numerusform>Decision sent: %n hunk accepted.</numerusform>
            <numerusform>Decision sent: %n hunks accepted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revert refused: %n conflict(s), nothing was overwritten.</source>
        <translation>
            <numerusform>Revert refused: %n conflict, nothing was overwritten.</numerusform>
            <numerusform>Revert refused: %n conflicts, nothing was overwritten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Review before writing: turn %1, %n file(s), +%2 −%3</source>
        <translation>
            <numerusform>Review before writing: turn %1, %n file, +%2 −%3</numerusform>
            <numerusform>Review before writing: turn %1, %n files, +%2 −%3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2) in turn %3: %n file(s), +%4 −%5</source>
        <translation>
            <numerusform>%1 (%2) in turn %3: %n file, +%4 −%5</numerusform>
            <numerusform>%1 (%2) in turn %3: %n files, +%4 −%5</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Working tree against HEAD: %n path(s)</source>
        <translation>
            <numerusform>Working tree against HEAD: %n path</numerusform>
            <numerusform>Working tree against HEAD: %n paths</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::WorkspaceTree</name>
    <message numerus="yes">
        <source>%n folder(s) are not watched: the inotify limit of %1 watches is reached (/proc/sys/fs/inotify/max_user_watches). Their changes show after the run.</source>
        <translation>
            <numerusform>%n folder is not watched: the inotify limit of %1 watches is reached (/proc/sys/fs/inotify/max_user_watches). Its changes show after the run.</numerusform>
            <numerusform>%n folders are not watched: the inotify limit of %1 watches is reached (/proc/sys/fs/inotify/max_user_watches). Their changes show after the run.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sandcastle::Ui::WorkspaceTreeModel</name>
    <message numerus="yes">
        <source>%n byte(s) inline</source>
        <translation>
            <numerusform>%n byte inline</numerusform>
            <numerusform>%n bytes inline</numerusform>
        </translation>
    </message>
</context>
</TS>
