@echo off
rem Offline launcher of the farmland balance workspace (Windows). Kept ASCII: cmd.exe reads
rem batch files in the console code page; the bundle writes it with CRLF line ends.
rem   farmland.cmd <subcommand> [options]     e.g. farmland.cmd report --data D:\data --out D:\reports\province
rem   farmland.cmd kernel-install              Deno's Jupyter kernel for the office's Jupyter
rem Built on Linux by tools/bundle/bundle.ts --platform win32-x64; not tested on Windows there.
rem npm packages travel as Deno's own cache (deno-dir\npm); on the first run Deno lays out
rem node_modules\ from it (junctions, no administrator rights needed), offline.
setlocal
chcp 65001 >nul
set "HERE=%~dp0"
if "%HERE:~-1%"=="\" set "HERE=%HERE:~0,-1%"
set "DENO=%HERE%\bin\deno.exe"
if defined FARMLAND_DENO_DIR (set "DENO_DIR=%FARMLAND_DENO_DIR%") else (set "DENO_DIR=%HERE%\deno-dir")
set DENO_NO_UPDATE_CHECK=1
set DENO_NO_PROMPT=1
rem PDF: Chromium, Chrome or Edge over CDP; CHROMIUM may name one, else the usual places are tried.
if not defined CHROMIUM if exist "%ProgramFiles%\Google\Chrome\Application\chrome.exe" set "CHROMIUM=%ProgramFiles%\Google\Chrome\Application\chrome.exe"
if not defined CHROMIUM if exist "%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe" set "CHROMIUM=%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe"
if not defined CHROMIUM if exist "%ProgramFiles%\Microsoft\Edge\Application\msedge.exe" set "CHROMIUM=%ProgramFiles%\Microsoft\Edge\Application\msedge.exe"
set "RUN="%DENO%" run -q -A --cached-only --frozen --v8-flags=--expose-gc,--max-semi-space-size=8 --config "%HERE%\deno.json""

if /i "%~1"=="kernel-install" goto kernel_install
if /i "%~1"=="kernel" goto kernel
if /i "%~1"=="deno" goto deno
if /i "%~1"=="version" (type "%HERE%\VERSION.json" & exit /b 0)
%RUN% "%HERE%\src\cli\main.ts" %*
exit /b %ERRORLEVEL%

:kernel_install
shift
%RUN% "%HERE%\tools\bundle\kernel_install.ts" %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%

:kernel
set "CONN=%~f2"
cd /d "%HERE%"
"%DENO%" jupyter --kernel --conn "%CONN%"
exit /b %ERRORLEVEL%

:deno
shift
"%DENO%" %1 %2 %3 %4 %5 %6 %7 %8 %9
exit /b %ERRORLEVEL%
