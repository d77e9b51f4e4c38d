// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QSet>
#include <QString>
#include <QUrl>

namespace Sandcastle::Ui {

/// The preview's trust boundary: which navigations a page may make on its own. The sandbox's own
/// origins (every URL the dock was given, plus origins the user allowed) are trusted; a main-frame
/// navigation anywhere else needs the user's yes first; local files and schemes other than
/// http(s), about, blob and (in frames) data are never shown. Plain value type, GUI thread.
class PreviewTrust
{
public:
    enum class Verdict { Allow, Block, Ask };

    /// "scheme://host:port" with the scheme's default port filled in; empty for URLs without host.
    [[nodiscard]] static QString originOf(const QUrl &url);

    /// Trusts the origin of `url` (a URL the sandbox serves, or one the user allowed).
    void trust(const QUrl &url);
    [[nodiscard]] bool isTrusted(const QUrl &url) const;
    [[nodiscard]] QStringList origins() const;

    /// What to do when a page navigates to `url`. Typed navigations come from Sandcastle's own
    /// load() calls (the address bar, an accepted offer), never from page content.
    [[nodiscard]] Verdict judge(const QUrl &url, PreviewNavigation kind, bool isMainFrame) const;

private:
    QSet<QString> m_origins;
};

} // namespace Sandcastle::Ui
