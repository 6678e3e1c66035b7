// Self-hosted fonts for scripts a machine may lack (see app/fonts.css for why
// Arabic and Hebrew are declared by hand). Korean first: its subsets also hold
// the Han characters and kana a Korean text mixes in; Japanese and Simplified
// Chinese cover the characters Korean fonts leave out.
import "@fontsource-variable/noto-sans-kr/index.css";
import "@fontsource-variable/noto-sans-jp/index.css";
import "@fontsource-variable/noto-sans-sc/index.css";
import "./fonts.css";

