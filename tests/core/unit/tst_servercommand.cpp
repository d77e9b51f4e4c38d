// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// looksLikeServerCommand(): which command lines warm the preview up before their port is found.

#include "sandcastle/core/sandbox/portmonitor.h"

#include <QTest>

using namespace Sandcastle::Core;

class tst_ServerCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void looksLikeServer_data()
    {
        QTest::addColumn<QStringList>("argv");
        QTest::addColumn<bool>("server");
        const auto shell = [](const char *line) {
            return QStringList{QStringLiteral("bash"), QStringLiteral("-lc"), QString::fromUtf8(line)};
        };
        QTest::newRow("http.server") << QStringList{QStringLiteral("python3"), QStringLiteral("-m"),
                                                    QStringLiteral("http.server"), QStringLiteral("8000")}
                                     << true;
        QTest::newRow("python -u -m http.server in a shell")
            << shell("cd site && python -u -m http.server 8080 &") << true;
        QTest::newRow("absolute python") << shell("/usr/bin/python3.12 -m http.server") << true;
        QTest::newRow("npm run dev") << shell("npm run dev -- --port 5173") << true;
        QTest::newRow("npm start") << shell("npm start") << true;
        QTest::newRow("yarn dev") << shell("yarn dev") << true;
        QTest::newRow("pnpm preview") << shell("pnpm preview") << true;
        QTest::newRow("npx serve") << shell("npx -y serve dist") << true;
        QTest::newRow("vite") << shell("vite --host") << true;
        QTest::newRow("next dev") << shell("next dev") << true;
        QTest::newRow("flask run") << shell("FLASK_APP=app.py flask run --port 5000") << true;
        QTest::newRow("python -m flask") << shell("python3 -m flask --app app run") << true;
        QTest::newRow("uvicorn") << shell("uvicorn main:app --reload") << true;
        QTest::newRow("gunicorn") << shell("gunicorn -b 0.0.0.0:8000 app:app") << true;
        QTest::newRow("django") << shell("python manage.py runserver 0.0.0.0:8000") << true;
        QTest::newRow("rails") << shell("bin/rails server") << true;
        QTest::newRow("php") << shell("php -S 127.0.0.1:8000 -t public") << true;
        QTest::newRow("jupyter") << shell("jupyter lab --no-browser") << true;
        QTest::newRow("streamlit") << shell("streamlit run app.py") << true;
        QTest::newRow("http-server") << shell("npx http-server -p 8080") << true;
        QTest::newRow("hugo") << shell("hugo server -D") << true;
        QTest::newRow("exec in sh -c") << QStringList{QStringLiteral("sh"), QStringLiteral("-c"),
                                                      QStringLiteral("exec python3 -m http.server 9 --bind 127.0.0.1")}
                                       << true;
        QTest::newRow("nohup, redirected, in the background") << shell("nohup npm run dev > dev.log 2>&1 &") << true;

        QTest::newRow("ls") << shell("ls -la") << false;
        QTest::newRow("pytest") << shell("python3 -m pytest -q") << false;
        QTest::newRow("npm test") << shell("npm test") << false;
        QTest::newRow("npm run build") << shell("npm run build") << false;
        QTest::newRow("vitest") << shell("npx vitest run") << false;
        QTest::newRow("reserve") << shell("echo reserve > notes.txt") << false;
        QTest::newRow("grep for serve") << shell("grep -rn observe src") << false;
        QTest::newRow("pip install flask") << shell("pip install flask uvicorn") << false;
        QTest::newRow("npm i -D vite") << shell("npm i -D vite") << false;
        QTest::newRow("pip install uvicorn gunicorn") << shell("pip install uvicorn gunicorn") << false;
        QTest::newRow("cat server.py") << shell("cat server.py") << false;
        QTest::newRow("empty") << QStringList{} << false;
    }

    void looksLikeServer()
    {
        QFETCH(QStringList, argv);
        QFETCH(bool, server);
        QCOMPARE(looksLikeServerCommand(argv), server);
    }
};

QTEST_GUILESS_MAIN(tst_ServerCommand)
#include "tst_servercommand.moc"
