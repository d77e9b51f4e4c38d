// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The manifest parser on arbitrary bytes, plus the entry-path normalizers on the same bytes as text.
#include "fuzzsupport.h"
#include "sandcastle/core/manifest/manifestparser.h"

using namespace Sandcastle::Core;
using Sandcastle::Fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Sandcastle::Fuzz::bytes(data, size);
    const Result<Manifest> manifest =
        ManifestParser::parse(input, QStringLiteral("fuzz.json"), QStringLiteral("/nonexistent-fuzz-base"));
    if (!manifest) {
        check(!manifest.error().message.isEmpty(), "an error has a message");
    }
    const QString text = QString::fromUtf8(input);
    if (const Result<QString> path = ManifestParser::normalizeEntryPath(text); path) {
        check(!path->startsWith(QLatin1Char('/')), "a normalized entry path is relative");
        check(!path->split(QLatin1Char('/')).contains(QStringLiteral("..")), "a normalized entry path has no ..");
        const Result<QString> again = ManifestParser::normalizeEntryPath(*path);
        check(again && *again == *path, "normalizing twice changes the entry path");
    }
    (void)ManifestParser::normalizeGitSubpath(text);
    (void)ManifestParser::pointerToken(text);
    return 0;
}
