// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/ui/previewbackend.h"

#include <QPointer>
#include <QWidget>

class QWebEngineProfile;
class QWebEngineView;

namespace Sandcastle::Preview {

class SandboxedWebPage;

/// One preview page: a QWebEngineView showing a SandboxedWebPage (the page is the view's child).
/// Deleting this widget detaches the client first, then frees the view and the page.
class WebEnginePreviewPage : public QWidget, public Ui::PreviewPage
{
    Q_OBJECT
public:
    WebEnginePreviewPage(QWebEngineProfile *profile, Ui::PreviewPageClient *client, QWidget *parent);
    ~WebEnginePreviewPage() override;

    [[nodiscard]] QWidget *widget() override { return this; }
    [[nodiscard]] QObject *pageObject() override;
    void load(const QUrl &url) override;
    void reload() override;
    [[nodiscard]] QString title() const override;
    [[nodiscard]] QUrl url() const override;
    void runJavaScript(const QString &script, std::function<void(const QVariant &)> done) override;
    void grabImage(std::function<void(const QImage &)> done) override;
    void notifyNextFrame(std::function<void()> done) override;
    [[nodiscard]] QWidget *createDevTools(QWidget *parent) override;

private:
    QWebEngineProfile *m_profile = nullptr;
    QWebEngineView *m_view = nullptr;
    SandboxedWebPage *m_page = nullptr;
};

} // namespace Sandcastle::Preview
