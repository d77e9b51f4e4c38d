// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandcastle/core/capabilities/filesystem/patchparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace Sandcastle::Core {

namespace {

const QLatin1String s_beginPatch("*** Begin Patch");
const QLatin1String s_endPatch("*** End Patch");
const QLatin1String s_addFile("*** Add File:");
const QLatin1String s_deleteFile("*** Delete File:");
const QLatin1String s_updateFile("*** Update File:");
const QLatin1String s_moveTo("*** Move to:");

bool isHeader(const QString &line)
{
    const QString t = line.trimmed();
    return t.startsWith(s_addFile) || t.startsWith(s_deleteFile) || t.startsWith(s_updateFile) || t == s_endPatch;
}

QString normalisePath(const QString &path)
{
    QString p = path.trimmed();
    p.replace(QLatin1Char('\\'), QLatin1Char('/'));
    return p;
}

std::unexpected<Error> hunkError(int line, const QString &what)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("Invalid patch hunk on line %1: %2").arg(line).arg(what));
}

Result<QList<PatchOperation>> parseJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("Invalid patch: JSON input does not parse: %1 at offset %2")
                                                 .arg(error.errorString())
                                                 .arg(error.offset));
    }
    QJsonArray items;
    QString pointer;
    if (doc.isArray()) {
        items = doc.array();
    } else if (doc.object().contains(QLatin1String("operations"))) {
        items = doc.object().value(QLatin1String("operations")).toArray();
        pointer = QStringLiteral("/operations");
    } else if (doc.object().contains(QLatin1String("operation"))) {
        items = QJsonArray{doc.object().value(QLatin1String("operation"))};
        pointer = QStringLiteral("/operation");
    } else {
        items = QJsonArray{doc.object()};
    }
    QList<PatchOperation> ops;
    for (qsizetype i = 0; i < items.size(); ++i) {
        auto op = PatchParser::parseOperation(items.at(i));
        if (!op) {
            const QString where = pointer == QLatin1String("/operation")
                                      ? pointer
                                      : QString(pointer + QLatin1Char('/') + QString::number(i));
            return fail(ErrorCode::InvalidInput, op.error().message, where);
        }
        ops.append(*op);
    }
    if (ops.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("No files were modified."),
                    QStringLiteral("the JSON input holds no operations"));
    }
    return ops;
}

} // namespace

Result<PatchOperation> PatchParser::parseOperation(const QJsonValue &value)
{
    if (!value.isObject()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("Invalid patch: an operation must be a JSON object"));
    }
    const QJsonObject o = value.toObject();
    PatchOperation op;
    const QString type = o.value(QLatin1String("type")).toString();
    if (type == QLatin1String("create_file")) {
        op.kind = PatchOperation::Kind::Create;
    } else if (type == QLatin1String("update_file")) {
        op.kind = PatchOperation::Kind::Update;
    } else if (type == QLatin1String("delete_file")) {
        op.kind = PatchOperation::Kind::Delete;
    } else {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Invalid patch: operation type must be create_file, update_file or delete_file, "
                                   "not \"%1\"")
                        .arg(type));
    }
    const QJsonValue path = o.value(QLatin1String("path"));
    if (!path.isString() || normalisePath(path.toString()).isEmpty()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Invalid patch: operation \"path\" must be a non-empty string"));
    }
    op.path = normalisePath(path.toString());
    const QJsonValue moveTo =
        o.contains(QLatin1String("move_to")) ? o.value(QLatin1String("move_to")) : o.value(QLatin1String("moveTo"));
    if (!moveTo.isUndefined() && !moveTo.isNull()) {
        if (!moveTo.isString() || op.kind != PatchOperation::Kind::Update) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("Invalid patch: \"move_to\" must be a string on an update_file operation"));
        }
        op.moveTo = normalisePath(moveTo.toString());
    }
    const QJsonValue diff = o.value(QLatin1String("diff"));
    if (op.kind != PatchOperation::Kind::Delete) {
        if (diff.isString()) {
            op.diff = diff.toString();
        } else if (!(op.kind == PatchOperation::Kind::Update && !op.moveTo.isEmpty() && diff.isUndefined())) {
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("Missing diff for operation type %1 on %2").arg(type, op.path));
        }
    }
    op.line = 1;
    op.diffLine = 1;
    return op;
}

Result<QList<PatchOperation>> PatchParser::parse(const QString &text)
{
    const QString left = text.trimmed();
    if (left.startsWith(QLatin1Char('{')) || left.startsWith(QLatin1Char('['))) {
        return parseJson(left);
    }
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        if (line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
    }
    int offset = 0; // lines dropped at the start, so messages count lines of the text as given
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty()) {
        lines.removeFirst();
        ++offset;
    }
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty()) {
        lines.removeLast();
    }
    // Lenient heredoc wrapper, as codex accepts: <<EOF / <<'EOF' / <<"EOF" ... EOF
    if (lines.size() >= 4) {
        const QString first = lines.first().trimmed();
        if ((first == QLatin1String("<<EOF") || first == QLatin1String("<<'EOF'") ||
             first == QLatin1String("<<\"EOF\"")) &&
            lines.last().trimmed().endsWith(QLatin1String("EOF"))) {
            lines.removeFirst();
            lines.removeLast();
            ++offset;
        }
    }
    if (lines.isEmpty() || lines.first().trimmed() != s_beginPatch) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Invalid patch: The first line of the patch must be '*** Begin Patch'"));
    }
    if (lines.size() < 2 || lines.last().trimmed() != s_endPatch) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Invalid patch: The last line of the patch must be '*** End Patch'"));
    }

    QList<PatchOperation> ops;
    const qsizetype end = lines.size() - 1;
    qsizetype i = 1;
    auto lineNo = [offset](qsizetype index) { return int(index) + 1 + offset; };
    // Collects the lines up to the next header, without trailing blank lines.
    auto body = [&](qsizetype from) {
        qsizetype to = from;
        while (to < end && !isHeader(lines.at(to))) {
            ++to;
        }
        i = to;
        while (to > from && lines.at(to - 1).trimmed().isEmpty()) {
            --to;
        }
        return lines.mid(from, to - from);
    };
    while (i < end) {
        const QString header = lines.at(i).trimmed();
        if (header.isEmpty()) {
            ++i;
            continue;
        }
        PatchOperation op;
        op.line = lineNo(i);
        QString prefix;
        if (header.startsWith(s_addFile)) {
            op.kind = PatchOperation::Kind::Create;
            prefix = s_addFile;
        } else if (header.startsWith(s_deleteFile)) {
            op.kind = PatchOperation::Kind::Delete;
            prefix = s_deleteFile;
        } else if (header.startsWith(s_updateFile)) {
            op.kind = PatchOperation::Kind::Update;
            prefix = s_updateFile;
        } else {
            return hunkError(op.line, QStringLiteral("'%1' is not a valid hunk header. Valid hunk headers: '*** Add "
                                                     "File: {path}', '*** Delete File: {path}', '*** Update File: "
                                                     "{path}'")
                                          .arg(header));
        }
        op.path = normalisePath(header.mid(prefix.size()));
        if (op.path.isEmpty()) {
            return hunkError(op.line, QStringLiteral("Missing path in '%1' header").arg(prefix));
        }
        ++i;
        if (op.kind == PatchOperation::Kind::Update && i < end && lines.at(i).trimmed().startsWith(s_moveTo)) {
            op.moveTo = normalisePath(lines.at(i).trimmed().mid(s_moveTo.size()));
            if (op.moveTo.isEmpty()) {
                return hunkError(lineNo(i), QStringLiteral("Missing path in '*** Move to:' line"));
            }
            ++i;
        }
        op.diffLine = lineNo(i);
        const qsizetype bodyStart = i;
        const QStringList content = body(i);
        switch (op.kind) {
        case PatchOperation::Kind::Create:
            for (qsizetype k = 0; k < content.size(); ++k) {
                if (!content.at(k).startsWith(QLatin1Char('+'))) {
                    return hunkError(lineNo(bodyStart + k),
                                     QStringLiteral("Invalid Add File line '%1': every line of an added file starts "
                                                    "with '+'")
                                         .arg(content.at(k)));
                }
            }
            op.diff = content.isEmpty() ? QString() : content.join(QLatin1Char('\n')) + QLatin1Char('\n');
            break;
        case PatchOperation::Kind::Delete:
            if (!content.isEmpty()) {
                return hunkError(
                    lineNo(bodyStart),
                    QStringLiteral("unexpected line after '*** Delete File: %1': '%2'").arg(op.path, content.first()));
            }
            break;
        case PatchOperation::Kind::Update:
            if (content.isEmpty() && op.moveTo.isEmpty()) {
                return hunkError(op.line, QStringLiteral("Update file hunk for path '%1' is empty").arg(op.path));
            }
            op.diff = content.isEmpty() ? QString() : content.join(QLatin1Char('\n')) + QLatin1Char('\n');
            break;
        }
        ops.append(op);
    }
    if (ops.isEmpty()) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("No files were modified."),
                    QStringLiteral("the patch contains no file operations"));
    }
    return ops;
}

} // namespace Sandcastle::Core
