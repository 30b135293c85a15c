<?php
/**
 * Plugin Name:       soglasie
 * Description:       Согласие посетителя на cookie и счётчики (152-ФЗ): тег soglasie первым скриптом страницы; размеченные счётчики работают только после согласия.
 * Version:           0.2.0
 * Requires at least: 5.0
 * Requires PHP:      7.0
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 *
 * Установка: скопируйте папку dist/ из сборки soglasie внутрь папки этого плагина
 * (wp-content/plugins/soglasie/dist/), поправьте soglasie.json рядом с этим файлом и включите
 * плагин в «Плагины». Подробно: docs/guides/wordpress.md.
 */

defined( 'ABSPATH' ) || exit;

/**
 * Печатает тег soglasie. Приоритет 1 на wp_head: раньше стилей и скриптов, которые WordPress,
 * тема и другие плагины выводят в <head> (очереди скриптов печатаются с приоритетом 9,
 * счётчики плагинов обычно с 10), поэтому soglasie удерживает и то, что они добавят.
 */
function soglasie_print_tag() {
	$dir = plugin_dir_path( __FILE__ );
	if ( ! file_exists( $dir . 'dist/soglasie.js' ) ) {
		// Без файлов soglasie ничего не удерживает: лучше сказать об этом в коде страницы.
		echo "<!-- soglasie: нет файла dist/soglasie.js в папке плагина -->\n";
		return;
	}
	// Версия в адресе — время изменения файла: после обновления dist/ браузеры не возьмут
	// старый soglasie.js из кеша.
	$src = add_query_arg( 'ver', (string) filemtime( $dir . 'dist/soglasie.js' ), plugins_url( 'dist/soglasie.js', __FILE__ ) );
	// Конфиг по умолчанию лежит рядом с плагином; фильтр soglasie_config_url позволяет
	// держать его в другом месте (например, в uploads).
	$config = apply_filters( 'soglasie_config_url', plugins_url( 'soglasie.json', __FILE__ ) );
	// data-cfasync="false" (до src): Cloudflare Rocket Loader не откладывает этот скрипт.
	printf(
		'<script data-cfasync="false" src="%1$s" data-config="%2$s"></script>' . "\n",
		esc_url( $src ),
		esc_url( $config )
	);
}
add_action( 'wp_head', 'soglasie_print_tag', 1 );
