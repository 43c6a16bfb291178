-- Accuracy of address_to_adcode on a labeled set built from the reference
-- data: 20,000 addresses over every province, each made from a division
-- drawn by a seeded hash (md5, so the set does not depend on the order rows
-- are read), written in one of eight forms, with noise on some:
--   full         广西壮族自治区南宁市西乡塘区衡阳街道 + street
--   short        广西南宁西乡塘衡阳 + street (suffixes dropped)
--   no_province  南宁市西乡塘区衡阳街道 + street
--   county_first 西乡塘区衡阳街道 + street (no province, no prefecture)
--   traditional  full or short, converted by ICU's Hans-Hant (the table
--                below, made with `uconv -x Hans-Hant` over every character
--                of the division names at township level and above)
--   retired      a retired county name from division_change (横县百合镇)
--   noisy        a name and a phone number before or after, full-width
--                digits, ideographic spaces between the parts, 地址：
--   alone        the township alone, when its name is unique in the country
-- The label is the division the address was made from.  The expected output
-- is the exact count of right, wrong and NULL answers, and every wrong one.
SET search_path = civil_affairs, public;

CREATE TEMP TABLE hant_map AS
SELECT ''
        || '万与专业丛东丝两严个丰临为丽举么义乌乐乔习乡书买于云亚产亩亲亿仆从仑仓仪们众优会'
        || '伞伟传伦体侣侧侨俭倾储儿兑兖党兰关兴兹养内冈册军农冯冲况冻净凉几凤凫凭凯刘则刚创'
        || '别刹剑剥劝办务动励劲劳匀区医华协单卖占卢卧卫却厂厅历厉厍厢厦县参双发叙叠叶号后吕'
        || '吗启吴员咛响哑哙唤喂团园围囵国图圆圣场坂块坚坛坝坞坟垄垅垆垒垦垫垭垱垴堑墙壮声壳'
        || '壶处备复头夸夹夺奋奥妈妪娄娲孙学孪宁宝实审宪宫宽宾对寻导寿将尔尘尧层属屿岁岖岗岘'
        || '岙岚岛岭岳岿峄峡峤峦崂崃崄嵝巩帅师帏帐帘带帮干广庄庆庐库应庙庞开异张弥弯弹强归当'
        || '录彦征径徕怀态总恋恒恼悦惯戏战户扩扬抚抛抢护报担拥拦拨挂挥挽捞换携摄摆摇数斋斗断'
        || '无旧时旸昙显晋晒晓晖术朴机杂权杆杠条来杨杰极构枞枢枣枧枨枫栅标栈栋栎栏树栖样栾桠'
        || '桥桦桧梦检棱椤楼榄横樱欢欧毕气汇汉汤沉沟沣沤沥沦沧沩沪泄泷泸泺泼泽泾洒洼浅浆浈测'
        || '浍济浏浑浒浓浔涂涌涛涝涞涟涠涡涣润涧涨淀渊渌渎渑渔温湾湿溆滚滠满滦滨滩漓潆潇潋潍'
        || '潜澜濑灯灵炀炉点炼烂烟烦烧热焕爱爷牦犊状犹独狮狱猎猪猫献玑玛环现珑珲琏琼瑶瑷瓮瓯'
        || '电画畅畴疗盏盐监盖盘着矶矾矿砀码砖砚砻础硕硖硗确硷碛碱礼祯禄禅离秃种积称税稳窑窝'
        || '窦竖竞笃笋笔笕筑筜筹筼简箦箩篓篱类粤粮紧红纤约级纪纬纯纱纳纵纶纸纺纽线练组细织终'
        || '绍经绒结绕绛络统绣绥继绩绪续绮绰绳维绵绸综绿缎缑缘缙缝缠缥网罗羡聂职联聪肃肠胜胪'
        || '胶脉脑脚脱腊腻腾舆舍舣艳艺节芗芜芦苇苌苍苏苹范荆荞荡荣荥荫药莱莲获莺莼萝营萧萨葱'
        || '蒋蒌蓝蓟蓥蔺蕲蕴薮虬虾蚁蚂蚕蚬蛮蛳蝉补装裢观觅视览觉誉计让议记讲讷许论设访诃诏试'
        || '诗诚诸诺课调谈谊谋谌谏谐谟谢谦谭谯谱贝贞贡财责贤货质贫贯贲贵贸费贺贾资赉赊赋赐赓'
        || '赖赛赞赠赣赵赶跃踪车轩转轮软轰轲轴轵轸轻载轿辅辇辉辋辐辑辕辖边辽达迁过迈运还进远'
        || '连迟迳迹适选逊递逻遥邓邬邮邹邺邻郏郑郓郦郧郸酂酿采释鉴针钊钓钗钜钟钢钤钦钧钩钰钱'
        || '钳钵钹铁铃铅铎铛铜铝铧铭银铺锁锅锋锌错锡锣锦锷锹镁镇镛镜镡镰镶长门闪闫问闯闲间闵'
        || '闸闹闻闽闾阁阆阊阎阔阙阚队阳阴际陆陇陈陉陕随隐隽雾霁静韦韩韬韵页顶顷项顺须顾顿颂'
        || '预颇颈颉颍颗颛颜额颡风飞饭饮饲饶馀馆馒马驮驯驰驱驷驹驻驼驾驿骄骅骆骊验骏骑骔骡骥'
        || '鱼鲁鲅鲇鲊鲍鲖鲜鲟鲤鲸鲹鳌鳞鸟鸠鸡鸣鸥鸦鸬鸭鸯鸳鸶鸽鸾鸿鹃鹄鹅鹉鹊鹏鹗鹚鹞鹤鹦鹫'
        || '鹭鹰麦黄齐齿龄龙龚龛龟' AS hans,
       ''
        || '萬與專業叢東絲兩嚴個豐臨為麗舉麼義烏樂喬習鄉書買於雲亞產畝親億僕從侖倉儀們眾優會'
        || '傘偉傳倫體侶側僑儉傾儲兒兌兗黨蘭關興茲養內岡冊軍農馮衝況凍淨涼幾鳳鳧憑凱劉則剛創'
        || '別剎劍剝勸辦務動勵勁勞勻區醫華協單賣佔盧臥衛卻廠廳歷厲厙廂廈縣參雙發敘疊葉號後呂'
        || '嗎啓吳員嚀響啞噲喚餵團園圍圇國圖圓聖場阪塊堅壇壩塢墳壟壠壚壘墾墊埡壋堖塹牆壯聲殼'
        || '壺處備復頭誇夾奪奮奧媽嫗婁媧孫學孿寧寶實審憲宮寬賓對尋導壽將爾塵堯層屬嶼歲嶇崗峴'
        || '嶴嵐島嶺嶽巋嶧峽嶠巒嶗崍嶮嶁鞏帥師幃帳簾帶幫乾廣莊慶廬庫應廟龐開異張彌彎彈強歸當'
        || '錄彥徵徑徠懷態總戀恆惱悅慣戲戰戶擴揚撫拋搶護報擔擁攔撥掛揮輓撈換攜攝擺搖數齋鬥斷'
        || '無舊時暘曇顯晉曬曉暉術樸機雜權桿槓條來楊傑極構樅樞棗梘棖楓柵標棧棟櫟欄樹棲樣欒椏'
        || '橋樺檜夢檢稜欏樓欖橫櫻歡歐畢氣匯漢湯沈溝灃漚瀝淪滄溈滬洩瀧瀘濼潑澤涇灑窪淺漿湞測'
        || '澮濟瀏渾滸濃潯塗湧濤澇淶漣潿渦渙潤澗漲澱淵淥瀆澠漁溫灣濕漵滾灄滿灤濱灘灕瀠瀟瀲濰'
        || '潛瀾瀨燈靈煬爐點煉爛煙煩燒熱煥愛爺氂犢狀猶獨獅獄獵豬貓獻璣瑪環現瓏琿璉瓊瑤璦甕甌'
        || '電畫暢疇療盞鹽監蓋盤著磯礬礦碭碼磚硯礱礎碩硤磽確礆磧鹼禮禎祿禪離禿種積稱稅穩窯窩'
        || '竇竪競篤筍筆筧築簹籌篔簡簀籮簍籬類粵糧緊紅纖約級紀緯純紗納縱綸紙紡紐線練組細織終'
        || '紹經絨結繞絳絡統繡綏繼績緒續綺綽繩維綿綢綜綠緞緱緣縉縫纏縹網羅羨聶職聯聰肅腸勝臚'
        || '膠脈腦腳脫臘膩騰輿捨艤艷藝節薌蕪蘆葦萇蒼蘇蘋範荊蕎蕩榮滎蔭藥萊蓮獲鶯蒓蘿營蕭薩蔥'
        || '蔣蔞藍薊鎣藺蘄蘊藪虯蝦蟻螞蠶蜆蠻螄蟬補裝褳觀覓視覽覺譽計讓議記講訥許論設訪訶詔試'
        || '詩誠諸諾課調談誼謀諶諫諧謨謝謙譚譙譜貝貞貢財責賢貨質貧貫賁貴貿費賀賈資賚賒賦賜賡'
        || '賴賽贊贈贛趙趕躍蹤車軒轉輪軟轟軻軸軹軫輕載轎輔輦輝輞輻輯轅轄邊遼達遷過邁運還進遠'
        || '連遲逕跡適選遜遞邏遙鄧鄔郵鄒鄴鄰郟鄭鄆酈鄖鄲酇釀採釋鑒針釗釣釵鉅鐘鋼鈐欽鈞鈎鈺錢'
        || '鉗鉢鈸鐵鈴鉛鐸鐺銅鋁鏵銘銀鋪鎖鍋鋒鋅錯錫鑼錦鍔鍬鎂鎮鏞鏡鐔鐮鑲長門閃閆問闖閒間閔'
        || '閘鬧聞閩閭閣閬閶閻闊闕闞隊陽陰際陸隴陳陘陝隨隱雋霧霽靜韋韓韜韻頁頂頃項順須顧頓頌'
        || '預頗頸頡潁顆顓顏額顙風飛飯飲飼饒餘館饅馬馱馴馳驅駟駒駐駝駕驛驕驊駱驪驗駿騎騌騾驥'
        || '魚魯鮁鮎鮓鮑鮦鮮鱘鯉鯨鰺鰲鱗鳥鳩雞鳴鷗鴉鸕鴨鴦鴛鷥鴿鸞鴻鵑鵠鵝鵡鵲鵬鶚鷀鷂鶴鸚鷲'
        || '鷺鷹麥黃齊齒齡龍龔龕龜' AS hant;

-- A number in [0, 1) from the seed, a row number and a purpose.
CREATE FUNCTION pg_temp.draw(n bigint, purpose text) RETURNS double precision
    LANGUAGE sql IMMUTABLE
    RETURN ('x' || substr(md5('address-accuracy-2021:' || n || ':' || purpose), 1, 8))::bit(32)::bigint / 4294967296.0;
CREATE FUNCTION pg_temp.pick(n bigint, purpose text, choices text[]) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN choices[1 + floor(pg_temp.draw(n, purpose) * cardinality(choices))::int];

-- Targets: per province, townships and counties drawn by hash; Nanning's
-- villages, the only ones shipped.
CREATE TEMP TABLE target AS
WITH current_division AS (
    SELECT * FROM division WHERE valid @> DATE '2024-01-01' AND NOT placeholder
), ranked AS (
    SELECT d.code, d.level,
           row_number() OVER (PARTITION BY adcode_ancestor(d.code, 1), d.level
                              ORDER BY md5('address-accuracy-2021:' || d.code::text)) AS rank
      FROM current_division d
     WHERE d.level IN (3, 4, 5) AND d.kind NOT IN ('功能区', '虚拟')
)
SELECT row_number() OVER (ORDER BY md5('address-accuracy-2021:' || code::text)) AS n, code, level
  FROM ranked
 WHERE (level = 4 AND rank <= 560) OR (level = 3 AND rank <= 100) OR (level = 5 AND rank <= 800)
 ORDER BY n
 LIMIT 20000;

-- How many divisions in force use a name, as full or short name.
CREATE TEMP TABLE name_use AS
SELECT name, count(DISTINCT code) AS divisions
  FROM (SELECT code, name FROM division WHERE valid @> DATE '2024-01-01'
        UNION ALL
        SELECT code, short_name FROM division WHERE valid @> DATE '2024-01-01') AS names
 GROUP BY name;
CREATE INDEX ON name_use (name);
ANALYZE name_use;

-- Each target with the names of its levels (placeholders left out).
CREATE TEMP TABLE target_names AS
SELECT t.n, t.code, t.level,
       p.name AS p_name, p.short_name AS p_short,
       nullif(f.name, '') AS f_name, f.short_name AS f_short,
       c.name AS c_name, c.short_name AS c_short,
       s.name AS s_name,
       -- a township whose short name ends in a street term is written in full
       -- (明光路街道, not 明光路, which is the street)
       CASE WHEN EXISTS (SELECT FROM address_term a WHERE s.short_name LIKE '%' || a.term)
            THEN s.name ELSE s.short_name END AS s_short,
       v.name AS v_name, v.short_name AS v_short,
       (SELECT dc.old_name FROM division_change dc
         WHERE dc.new_code = c.code AND dc.old_name <> c.name
         ORDER BY dc.effective_on DESC, dc.old_name LIMIT 1) AS c_retired,
       s.name IS NOT NULL AND t.level = 4
       AND coalesce((SELECT u.divisions FROM name_use u WHERE u.name = s.name), 0) = 1
       AND coalesce((SELECT u.divisions FROM name_use u WHERE u.name = s.short_name), 0) = 1 AS s_unique
  FROM target t
  JOIN division p ON p.code = adcode_ancestor(t.code, 1)
  LEFT JOIN division f ON f.code = adcode_ancestor(t.code, 2) AND NOT f.placeholder
  LEFT JOIN division c ON c.code = adcode_ancestor(t.code, 3) AND NOT c.placeholder
  LEFT JOIN division s ON s.code = adcode_ancestor(t.code, 4) AND t.level >= 4
  LEFT JOIN division v ON v.code = t.code AND t.level = 5;

-- The address: the division part in one form, then a street, maybe noise.
CREATE TEMP TABLE labeled AS
WITH formed AS (
    SELECT pg_temp.pick(n, 'form', ARRAY['full', 'short', 'no_province', 'county_first',
                                         'traditional', 'retired', 'noisy', 'alone']) AS drawn,
           *
      FROM target_names
), parts AS (
    SELECT CASE WHEN drawn = 'retired' AND c_retired IS NULL THEN 'full'
                WHEN drawn = 'alone' AND NOT s_unique THEN 'short'
                ELSE drawn END AS form,
           *
      FROM formed
), division_part AS (
    SELECT n, code, form,
           CASE form
             WHEN 'short' THEN concat(p_short, f_short, c_short, s_short, v_short)
             WHEN 'no_province' THEN concat(f_name, c_name, s_name, v_short)
             WHEN 'county_first' THEN concat(coalesce(c_name, f_name), s_name, v_short)
             WHEN 'retired' THEN concat(p_short, f_name, c_retired, s_name, v_short)
             WHEN 'alone' THEN s_name
             WHEN 'traditional' THEN
               CASE WHEN pg_temp.draw(n, 'hant') < 0.5 THEN concat(p_name, f_name, c_name, s_name, v_name)
                    ELSE concat(p_short, f_short, c_short, s_short, v_short) END
             WHEN 'noisy' THEN concat_ws(pg_temp.pick(n, 'gap', ARRAY['', ' ', '　', '  ']),
                                         p_name, f_short, c_name, s_name, v_short)
             ELSE concat(p_name, f_name, c_name, s_name, v_name)
           END AS place
      FROM parts
), street AS (
    SELECT d.*,
           pg_temp.pick(n, 'street', ARRAY['人民路', '解放路', '建设路', '中山路', '和平街', '新华路',
                 '胜利路', '大学东路', '民主路', '朝阳路', '文化路', '学院路', '工业大道', '长江路',
                 '滨江路', '友谊路', '青年路', '五一路', '光明街', '幸福巷', '北京路', '南京东路',
                 '东风路', '团结巷', '兴业路', '民族大道', '江南大道', '新村一巷', '', ''])
           || (1 + floor(pg_temp.draw(n, 'number') * 300))::int || '号'
           || CASE WHEN pg_temp.draw(n, 'building') < 0.3
                   THEN (1 + floor(pg_temp.draw(n, 'block') * 20))::int || '栋'
                        || (101 + floor(pg_temp.draw(n, 'room') * 1500))::int || '室'
                   ELSE '' END AS rest,
           pg_temp.pick(n, 'surname', ARRAY['张', '王', '李', '刘', '陈', '杨', '黄', '赵', '周', '吴'])
           || pg_temp.pick(n, 'given', ARRAY['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋',
                                             '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强'])
           AS person,
           '1' || (3 + floor(pg_temp.draw(n, 'carrier') * 7))::int
               || lpad(floor(pg_temp.draw(n, 'phone') * 1000000000)::bigint::text, 9, '0') AS phone
      FROM division_part d
)
SELECT n, code, form,
       CASE form
         WHEN 'traditional' THEN translate(place || rest, (SELECT hans FROM hant_map), (SELECT hant FROM hant_map))
         WHEN 'noisy' THEN
           CASE WHEN pg_temp.draw(n, 'where') < 0.5
                THEN person || ' ' || phone || ' 地址：' || place || translate(rest, '0123456789', '０１２３４５６７８９')
                ELSE place || translate(rest, '0123456789', '０１２３４５６７８９') || '（联系人：' || person || '，电话' || phone || '）'
           END
         ELSE place || rest
       END AS address
  FROM street;

CREATE TEMP TABLE answered AS
SELECT l.*, address_to_adcode(l.address, DATE '2024-01-01') AS got FROM labeled l;

SELECT count(*) AS addresses, count(DISTINCT adcode_ancestor(code, 1)) AS provinces,
       count(*) FILTER (WHERE adcode_level(code) = 3) AS counties,
       count(*) FILTER (WHERE adcode_level(code) = 4) AS townships,
       count(*) FILTER (WHERE adcode_level(code) = 5) AS villages
  FROM answered;

-- right: the division meant; less specific: one that contains it (the
-- county of the township meant); wrong: any other; NULL: none or ambiguous.
CREATE TEMP VIEW verdict AS
SELECT a.*,
       CASE WHEN got IS NULL THEN 'null'
            WHEN got = code THEN 'right'
            WHEN got @> code THEN 'less specific'
            ELSE 'wrong' END AS verdict
  FROM answered a;

SELECT form, count(*) AS addresses,
       count(*) FILTER (WHERE verdict = 'right') AS right_,
       count(*) FILTER (WHERE verdict = 'less specific') AS less_specific,
       count(*) FILTER (WHERE verdict = 'wrong') AS wrong,
       count(*) FILTER (WHERE verdict = 'null') AS null_
  FROM verdict GROUP BY ROLLUP (form) ORDER BY form NULLS LAST;

SELECT round(100.0 * count(*) FILTER (WHERE verdict = 'right') / count(*), 2) AS right_pct,
       round(100.0 * count(*) FILTER (WHERE verdict = 'less specific') / count(*), 2) AS less_specific_pct,
       round(100.0 * count(*) FILTER (WHERE verdict = 'wrong') / count(*), 2) AS wrong_pct,
       round(100.0 * count(*) FILTER (WHERE verdict = 'null') / count(*), 2) AS null_pct
  FROM verdict;

-- Every answer that is not right, with what was meant.
SELECT n, form, verdict, address, code AS expected, adcode_fullname(code) AS expected_name,
       got, adcode_fullname(got) AS got_name
  FROM verdict WHERE verdict <> 'right' ORDER BY n;
