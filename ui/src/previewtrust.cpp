// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewtrust.h"

#include <algorithm>

namespace Sandcastle::Ui {

QString PreviewTrust::originOf(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (url.host().isEmpty() || (scheme != u"http" && scheme != u"https")) {
        return {};
    }
    const int port = url.port(scheme == u"https" ? 443 : 80);
    return scheme + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':') + QString::number(port);
}

void PreviewTrust::trust(const QUrl &url)
{
    const QString origin = originOf(url);
    if (!origin.isEmpty()) {
        m_origins.insert(origin);
    }
}

bool PreviewTrust::isTrusted(const QUrl &url) const
{
    const QString origin = originOf(url);
    return !origin.isEmpty() && m_origins.contains(origin);
}

QStringList PreviewTrust::origins() const
{
    QStringList list(m_origins.cbegin(), m_origins.cend());
    std::ranges::sort(list);
    return list;
}

PreviewTrust::Verdict PreviewTrust::judge(const QUrl &url, PreviewNavigation kind, bool isMainFrame) const
{
    const QString scheme = url.scheme().toLower();
    if (scheme == u"about" || scheme == u"blob") {
        return Verdict::Allow;
    }
    if (scheme == u"data") {
        return isMainFrame ? Verdict::Block : Verdict::Allow;
    }
    if (scheme != u"http" && scheme != u"https") {
        return Verdict::Block; // file:, qrc:, chrome:, view-source:, custom schemes
    }
    if (!isMainFrame || kind == PreviewNavigation::Typed || isTrusted(url)) {
        return Verdict::Allow;
    }
    return Verdict::Ask;
}

} // namespace Sandcastle::Ui
