// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The on-disk format of a snapshot (docs/FORMATS.md, "Workspace snapshots"): the JSON envelope
// `snapshots/<id>.json` and one gzip'd JSON listing per directory, stored as blobs (git-style
// trees). Listings are written deterministically (sorted entries, sorted keys, no gzip timestamp)
// so that an unchanged directory gives the same blob: a one-file change adds only the file's blob
// and the listings on its directory chain.
#include "snapshot_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace Sandcastle::Core::Internal::Snapshots {

Q_LOGGING_CATEGORY(lcSnapshot, "sandcastle.core.snapshot")

namespace {

struct ArchiveDeleter
{
    void operator()(archive *a) const { archive_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

la_ssize_t appendToByteArray(archive *, void *client, const void *buffer, size_t length)
{
    static_cast<QByteArray *>(client)->append(static_cast<const char *>(buffer), qsizetype(length));
    return la_ssize_t(length);
}

Result<QByteArray> gzip(const QByteArray &data)
{
    ArchivePtr a(archive_write_new());
    QByteArray out;
    archive_entry *entry = archive_entry_new();
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_pathname(entry, "entries.json");
    archive_entry_set_size(entry, data.size());
    const bool ok = archive_write_add_filter_gzip(a.get()) == ARCHIVE_OK &&
                    archive_write_set_format_raw(a.get()) == ARCHIVE_OK &&
                    archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr) == ARCHIVE_OK &&
                    // Listings are repetitive JSON: level 1 keeps most of the saving at a fraction of the time.
                    archive_write_set_filter_option(a.get(), "gzip", "compression-level", "1") == ARCHIVE_OK &&
                    archive_write_set_bytes_in_last_block(a.get(), 1) == ARCHIVE_OK &&
                    archive_write_open(a.get(), &out, nullptr, appendToByteArray, nullptr) == ARCHIVE_OK &&
                    archive_write_header(a.get(), entry) == ARCHIVE_OK &&
                    archive_write_data(a.get(), data.constData(), size_t(data.size())) == data.size() &&
                    archive_write_close(a.get()) == ARCHIVE_OK;
    archive_entry_free(entry);
    if (!ok) {
        return fail(ErrorCode::Internal, QStringLiteral("cannot gzip a snapshot directory listing: %1")
                                             .arg(QString::fromUtf8(archive_error_string(a.get()))));
    }
    return out;
}

Result<QByteArray> gunzip(const QByteArray &gz, const QString &what)
{
    ArchivePtr a(archive_read_new());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_raw(a.get());
    archive_entry *entry = nullptr;
    if (archive_read_open_memory(a.get(), gz.constData(), size_t(gz.size())) != ARCHIVE_OK ||
        archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: not a gzip'd directory listing: %2")
                                                 .arg(what, QString::fromUtf8(archive_error_string(a.get()))));
    }
    QByteArray out;
    char buffer[65536];
    for (;;) {
        const la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
        if (n < 0) {
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: damaged gzip data: %2")
                                                     .arg(what, QString::fromUtf8(archive_error_string(a.get()))));
        }
        if (n == 0) {
            break;
        }
        out.append(buffer, qsizetype(n));
    }
    return out;
}

QString typeName(SnapshotEntryType type)
{
    switch (type) {
    case SnapshotEntryType::File:
        return QStringLiteral("file");
    case SnapshotEntryType::Dir:
        return QStringLiteral("dir");
    case SnapshotEntryType::Symlink:
        return QStringLiteral("symlink");
    }
    return {};
}

std::unexpected<Error> fieldError(const QString &what, const QString &pointer, const QString &expected)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2: expected %3").arg(what, pointer, expected), what);
}

/// 64-bit integers are written as decimal strings: JSON numbers lose precision above 2^53.
bool readInt64(const QJsonValue &v, qint64 *out)
{
    if (v.isUndefined()) {
        *out = 0;
        return true;
    }
    bool ok = false;
    *out = v.isString() ? v.toString().toLongLong(&ok) : 0;
    return ok;
}

} // namespace

bool isSha256Hex(const QByteArray &hex)
{
    if (hex.size() != 64) {
        return false;
    }
    return std::all_of(hex.begin(), hex.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

namespace {

/// One listing entry through QJsonDocument: the reference for appendEntry() and its fallback.
QByteArray entryJson(const SnapshotEntry &e, const QString &name)
{
    QJsonObject o{{QStringLiteral("name"), name},
                  {QStringLiteral("type"), typeName(e.type)},
                  {QStringLiteral("mode"), int(e.mode)}};
    if (e.type == SnapshotEntryType::File) {
        o.insert(QStringLiteral("size"), double(e.size));
        o.insert(QStringLiteral("sha256"), QString::fromLatin1(e.sha256));
    } else if (e.type == SnapshotEntryType::Symlink) {
        o.insert(QStringLiteral("target"), e.target);
    } else {
        o.insert(QStringLiteral("tree"), QString::fromLatin1(e.tree));
    }
    if (e.type != SnapshotEntryType::Dir) {
        o.insert(QStringLiteral("mtime_ns"), QString::number(e.mtimeNs));
    }
    if (e.inode != 0) {
        o.insert(QStringLiteral("ino"), QString::number(e.inode));
        o.insert(QStringLiteral("ctime_ns"), QString::number(e.ctimeNs));
    }
    const QByteArray array = QJsonDocument(QJsonArray{o}).toJson(QJsonDocument::Compact);
    return array.sliced(1, array.size() - 2);
}

/// A string QJsonDocument writes as its plain UTF-8 in quotes (no escapes, no surrogates).
bool plainString(QStringView s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return u >= 0x20 && u != u'"' && u != u'\\' && !QChar::isSurrogate(u);
    });
}

void appendKey(QByteArray &out, const char *key)
{
    out += '"';
    out += key;
    out += "\":";
}

void appendQuoted(QByteArray &out, QByteArrayView text)
{
    out += '"';
    out += text;
    out += '"';
}

/// Appends the entry exactly as entryJson() writes it (keys sorted, integers as QJsonDocument
/// prints them), without building a QJsonObject: most of a first snapshot's listing time. Strings
/// that need escapes and sizes QJsonDocument would print with an exponent go through entryJson().
void appendEntry(QByteArray &out, const SnapshotEntry &e, const QString &name)
{
    const QString &text = e.type == SnapshotEntryType::Symlink ? e.target : name;
    if (!plainString(name) || !plainString(text) || e.size < 0 || e.size >= qint64(1e15)) {
        out += entryJson(e, name);
        return;
    }
    out += '{';
    if (e.inode != 0) {
        appendKey(out, "ctime_ns");
        appendQuoted(out, QByteArray::number(e.ctimeNs));
        out += ',';
        appendKey(out, "ino");
        appendQuoted(out, QByteArray::number(e.inode));
        out += ',';
    }
    appendKey(out, "mode");
    out += QByteArray::number(int(e.mode));
    if (e.type != SnapshotEntryType::Dir) {
        out += ',';
        appendKey(out, "mtime_ns");
        appendQuoted(out, QByteArray::number(e.mtimeNs));
    }
    out += ',';
    appendKey(out, "name");
    appendQuoted(out, name.toUtf8());
    if (e.type == SnapshotEntryType::File) {
        out += ',';
        appendKey(out, "sha256");
        appendQuoted(out, e.sha256);
        out += ',';
        appendKey(out, "size");
        out += QByteArray::number(e.size);
    } else if (e.type == SnapshotEntryType::Symlink) {
        out += ',';
        appendKey(out, "target");
        appendQuoted(out, e.target.toUtf8());
    } else {
        out += ',';
        appendKey(out, "tree");
        appendQuoted(out, e.tree);
    }
    out += ',';
    appendKey(out, "type");
    appendQuoted(out, typeName(e.type).toLatin1());
    out += '}';
}

} // namespace

Result<QByteArray> encodeTree(QList<SnapshotEntry> children)
{
    const auto nameOf = [](const SnapshotEntry &e) { return e.path.mid(e.path.lastIndexOf(QLatin1Char('/')) + 1); };
    std::sort(children.begin(), children.end(),
              [&nameOf](const SnapshotEntry &a, const SnapshotEntry &b) { return nameOf(a) < nameOf(b); });
    // The bytes QJsonDocument gives for {"entries":[...],"version":2} (compact, sorted keys), so
    // that listings stay identical to those of earlier builds and unchanged directories dedup.
    QByteArray json("{\"entries\":[");
    json.reserve(qsizetype(children.size()) * 192 + 32);
    const bool check = listingCheckRequested();
    for (qsizetype i = 0; i < children.size(); ++i) {
        const SnapshotEntry &e = children.at(i);
        if (i > 0) {
            json += ',';
        }
        const qsizetype from = json.size();
        appendEntry(json, e, nameOf(e));
        if (check && QByteArrayView(json).sliced(from) != entryJson(e, nameOf(e))) {
            return fail(ErrorCode::Internal, QStringLiteral("listing entry %1 differs from QJsonDocument's: %2 vs %3")
                                                 .arg(e.path, QString::fromUtf8(json.sliced(from)),
                                                      QString::fromUtf8(entryJson(e, nameOf(e)))));
        }
    }
    json += "],\"version\":";
    json += QByteArray::number(kSnapshotFormatVersion);
    json += '}';
    return gzip(json);
}

Result<QList<SnapshotEntry>> decodeTree(const QByteArray &gz, const QString &dirPath, const QString &what)
{
    const auto json = gunzip(gz, what);
    if (!json) {
        return std::unexpected(json.error());
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: not a JSON object: %2 at offset %3")
                        .arg(what, parseError.errorString())
                        .arg(parseError.offset),
                    what);
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("version")).toInt(-1) != kSnapshotFormatVersion) {
        return fieldError(what, QStringLiteral("/version"), QStringLiteral("%1").arg(kSnapshotFormatVersion));
    }
    const QJsonValue entriesValue = root.value(QStringLiteral("entries"));
    if (!entriesValue.isArray()) {
        return fieldError(what, QStringLiteral("/entries"), QStringLiteral("an array"));
    }
    const QJsonArray array = entriesValue.toArray();
    QList<SnapshotEntry> entries;
    entries.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString ptr = QStringLiteral("/entries/%1").arg(i);
        const QJsonObject o = array.at(i).toObject();
        SnapshotEntry e;
        const QString name = o.value(QStringLiteral("name")).toString();
        if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") ||
            name.contains(QLatin1Char('/')) || name.contains(QChar(0))) {
            return fieldError(what, ptr + QStringLiteral("/name"),
                              QStringLiteral("one path segment (not empty, \".\" or \"..\", no '/')"));
        }
        e.path = dirPath.isEmpty() ? name : dirPath + QLatin1Char('/') + name;
        const QString type = o.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("file")) {
            e.type = SnapshotEntryType::File;
        } else if (type == QLatin1String("dir")) {
            e.type = SnapshotEntryType::Dir;
        } else if (type == QLatin1String("symlink")) {
            e.type = SnapshotEntryType::Symlink;
        } else {
            return fieldError(what, ptr + QStringLiteral("/type"), QStringLiteral("\"file\", \"dir\" or \"symlink\""));
        }
        const int mode = o.value(QStringLiteral("mode")).toInt(-1);
        if (mode < 0 || mode > 0777) {
            return fieldError(what, ptr + QStringLiteral("/mode"), QStringLiteral("an integer in 0..0777"));
        }
        e.mode = quint32(mode);
        if (e.type == SnapshotEntryType::File) {
            const double size = o.value(QStringLiteral("size")).toDouble(-1);
            e.sha256 = o.value(QStringLiteral("sha256")).toString().toLatin1();
            if (size < 0 || size != double(qint64(size))) {
                return fieldError(what, ptr + QStringLiteral("/size"), QStringLiteral("a non-negative integer"));
            }
            e.size = qint64(size);
            if (!isSha256Hex(e.sha256)) {
                return fieldError(what, ptr + QStringLiteral("/sha256"), QStringLiteral("64 lower-case hex digits"));
            }
        } else if (e.type == SnapshotEntryType::Symlink) {
            e.target = o.value(QStringLiteral("target")).toString();
            if (e.target.isEmpty()) {
                return fieldError(what, ptr + QStringLiteral("/target"), QStringLiteral("a non-empty string"));
            }
        } else {
            e.tree = o.value(QStringLiteral("tree")).toString().toLatin1();
            if (!isSha256Hex(e.tree)) {
                return fieldError(what, ptr + QStringLiteral("/tree"), QStringLiteral("64 lower-case hex digits"));
            }
        }
        qint64 inode = 0;
        if (!readInt64(o.value(QStringLiteral("mtime_ns")), &e.mtimeNs) ||
            !readInt64(o.value(QStringLiteral("ctime_ns")), &e.ctimeNs) ||
            !readInt64(o.value(QStringLiteral("ino")), &inode)) {
            return fieldError(what, ptr, QStringLiteral("mtime_ns, ctime_ns and ino as decimal strings"));
        }
        e.inode = quint64(inode);
        entries.append(std::move(e));
    }
    return entries;
}

QByteArray encodeRecord(const SnapshotRecord &r)
{
    const QJsonObject o{
        {QStringLiteral("format"), QStringLiteral("sandcastle-snapshot")},
        {QStringLiteral("version"), kSnapshotFormatVersion},
        {QStringLiteral("id"), r.info.id},
        {QStringLiteral("seq"), double(r.seq)},
        {QStringLiteral("created_at"), r.info.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("parent"), r.info.parentId.isEmpty() ? QJsonValue() : QJsonValue(r.info.parentId)},
        {QStringLiteral("label"), r.info.label},
        {QStringLiteral("files"), double(r.info.fileCount)},
        {QStringLiteral("dirs"), double(r.info.dirCount)},
        {QStringLiteral("bytes"), double(r.info.bytes)},
        {QStringLiteral("tree"), QString::fromLatin1(r.treeHash)},
        {QStringLiteral("scan_started_ns"), QString::number(r.scanStartedNs)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

Result<SnapshotRecord> decodeRecord(const QByteArray &json, const QString &file)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: not a JSON object: %2 at offset %3")
                        .arg(file, parseError.errorString())
                        .arg(parseError.offset),
                    file);
    }
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String("sandcastle-snapshot")) {
        return fieldError(file, QStringLiteral("/format"), QStringLiteral("\"sandcastle-snapshot\""));
    }
    const int version = o.value(QStringLiteral("version")).toInt(-1);
    if (version == 1) {
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: /version: snapshot format version 1 (one entry list per snapshot) is no "
                                   "longer read; this Sandcastle reads version %2 (export it with the older version "
                                   "and import the tar)")
                        .arg(file)
                        .arg(kSnapshotFormatVersion),
                    file);
    }
    if (version != kSnapshotFormatVersion) {
        return fieldError(file, QStringLiteral("/version"), QStringLiteral("%1").arg(kSnapshotFormatVersion));
    }
    SnapshotRecord r;
    r.info.id = o.value(QStringLiteral("id")).toString();
    r.seq = qint64(o.value(QStringLiteral("seq")).toDouble(-1));
    r.info.createdAt = QDateTime::fromString(o.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs);
    r.info.parentId = o.value(QStringLiteral("parent")).toString();
    r.info.label = o.value(QStringLiteral("label")).toString();
    r.info.fileCount = qint64(o.value(QStringLiteral("files")).toDouble(-1));
    r.info.dirCount = qint64(o.value(QStringLiteral("dirs")).toDouble(-1));
    r.info.bytes = qint64(o.value(QStringLiteral("bytes")).toDouble(-1));
    r.treeHash = o.value(QStringLiteral("tree")).toString().toLatin1();
    if (r.info.id.isEmpty()) {
        return fieldError(file, QStringLiteral("/id"), QStringLiteral("a non-empty string"));
    }
    if (r.seq < 0) {
        return fieldError(file, QStringLiteral("/seq"), QStringLiteral("a non-negative integer"));
    }
    if (!r.info.createdAt.isValid()) {
        return fieldError(file, QStringLiteral("/created_at"), QStringLiteral("an ISO 8601 time"));
    }
    if (r.info.fileCount < 0 || r.info.dirCount < 0 || r.info.bytes < 0) {
        return fieldError(file, QStringLiteral("/files"), QStringLiteral("non-negative files, dirs and bytes"));
    }
    if (!isSha256Hex(r.treeHash)) {
        return fieldError(file, QStringLiteral("/tree"), QStringLiteral("64 lower-case hex digits"));
    }
    if (!readInt64(o.value(QStringLiteral("scan_started_ns")), &r.scanStartedNs)) {
        return fieldError(file, QStringLiteral("/scan_started_ns"), QStringLiteral("a decimal string"));
    }
    r.info.createdAt = r.info.createdAt.toUTC();
    return r;
}

} // namespace Sandcastle::Core::Internal::Snapshots
